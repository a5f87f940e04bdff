/** The benchmark harness and suite. */
package dev.cairn.bench;
