/** The Benchmarks page: runs a suite of dev.cairn.bench as a job and shows its table and charts. */
package dev.cairn.ui.benchmarks;
