/**
 * The Kubernetes runner: one Job per investigation, watched with its pods so that an agent that
 * dies without reporting still ends its investigation with a reason.
 */
package dev.oats.runner.kubernetes;
