/**
 * Where investigations run: in this process ({@link dev.oats.runner.LocalRunner}) or as a
 * Kubernetes Job each ({@link dev.oats.runner.kubernetes.KubernetesRunner}). A runner reports back
 * through {@link dev.oats.runner.RunListener}.
 */
package dev.oats.runner;
