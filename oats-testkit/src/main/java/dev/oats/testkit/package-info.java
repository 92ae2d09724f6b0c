/**
 * Fakes for tests, used in test scope by the other modules: model servers that speak Anthropic's
 * and OpenAI's real wire formats over HTTP on a loopback port, scripted with provider-neutral
 * {@link dev.oats.testkit.ScriptedReply replies}. Depends on Jackson and the JDK only, so that
 * {@code oats-core} can use it.
 */
package dev.oats.testkit;
