/**
 * The Kubernetes tools: {@code kubectl_info}, which reads the cluster with fabric8 (GETs only) and
 * answers as an SRE would want: kubectl-like tables, describe views that put the failure reason
 * first, logs with the previous run one flag away, folded events, and usage from metrics-server.
 * Secrets show their keys and sizes, never a value. {@link dev.oats.tools.kube.KubeTools} is the
 * entry point.
 */
package dev.oats.tools.kube;
