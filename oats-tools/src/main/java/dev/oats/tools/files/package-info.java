/**
 * Tools that read the local file system: {@code file_reader}, {@code yaml_parser} and {@code
 * code_search}. All three read only below the allowed roots ({@link
 * dev.oats.tools.files.AllowedRoots}); {@link dev.oats.tools.files.FileTools} offers them.
 */
package dev.oats.tools.files;
