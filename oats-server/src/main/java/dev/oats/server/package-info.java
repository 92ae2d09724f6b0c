/**
 * The OATS server: the investigation service that ties the store, the runners, the event bus and
 * the metrics together, and the factory that builds the whole server from its configuration.
 */
package dev.oats.server;
