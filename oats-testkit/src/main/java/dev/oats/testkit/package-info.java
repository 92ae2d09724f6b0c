/**
 * Fakes for tests, used in test scope by the other modules: model servers that speak Anthropic's
 * and OpenAI's real wire formats over HTTP on a loopback port, scripted with provider-neutral
 * {@link dev.oats.testkit.ScriptedReply replies}; and fabric8's mock Kubernetes API server in CRUD
 * mode ({@link dev.oats.testkit.CrudApiServer}). It depends on no OATS module, so that {@code
 * oats-core} can use it.
 */
package dev.oats.testkit;
