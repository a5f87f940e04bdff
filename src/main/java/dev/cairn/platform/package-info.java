/**
 * What Cairn needs from the machine, below everything else: app directories, private files, the
 * memory governor and background thread priority. Depends on nothing else in Cairn.
 */
package dev.cairn.platform;
