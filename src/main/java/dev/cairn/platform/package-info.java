/**
 * What Cairn needs from the machine, below everything else: app directories, private files, the
 * memory governor, background thread priority and values made on first use ({@link dev.cairn.platform.Lazy}).
 * Depends on nothing else in Cairn.
 */
package dev.cairn.platform;
