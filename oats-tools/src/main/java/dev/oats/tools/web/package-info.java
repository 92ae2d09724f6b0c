/**
 * Tools that search outside the cluster: {@code sourcegraph_search} (code, through Sourcegraph's
 * GraphQL API) and {@code web_search} (the web, through a SearXNG instance or the Brave Search
 * API). {@link dev.oats.tools.web.WebTools#offers} is the entry point.
 */
package dev.oats.tools.web;
