/** Command-line entry points. */
package dev.cairn.cli;
