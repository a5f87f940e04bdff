/** App directories, settings, lazy services, the memory governor and executors. */
package dev.cairn.runtime;
