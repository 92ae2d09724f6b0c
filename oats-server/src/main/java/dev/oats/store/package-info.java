/**
 * The durable record of investigations: one row per investigation and its append-only event log,
 * kept in an H2 file by default or in PostgreSQL. {@link dev.oats.store.InvestigationStore} is the
 * interface the server uses; {@link dev.oats.store.Database} opens a database, migrates its schema
 * and hands out the store.
 */
package dev.oats.store;
