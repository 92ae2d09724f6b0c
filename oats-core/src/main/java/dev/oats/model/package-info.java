/**
 * The provider-neutral chat model SPI: what the agent loop sends to a language model and what it
 * gets back. Adapters for Anthropic and OpenAI translate these records to and from their SDKs; no
 * provider type crosses this boundary.
 */
package dev.oats.model;
