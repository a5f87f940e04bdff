/**
 * The Jobs page: running jobs with progress and cancel, and the imports of this session that finished,
 * with what happened to their paths.
 */
package dev.cairn.ui.jobs;
