/**
 * Where investigations run: in this process ({@link dev.oats.runner.LocalRunner}) or as a
 * Kubernetes Job each. A runner reports back through {@link dev.oats.runner.RunListener}.
 */
package dev.oats.runner;
