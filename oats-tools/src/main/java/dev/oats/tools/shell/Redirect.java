package dev.oats.tools.shell;

/**
 * A redirection such as {@code > out.txt}, {@code 2>&1} or {@code <<EOF}.
 *
 * @param operator the operator without its file descriptor number: {@code >}, {@code >>}, {@code
 *     &>}, {@code >&}, {@code <}, {@code <<} and so on
 * @param target the file, descriptor or here-document delimiter it points at
 */
record Redirect(String operator, Word target) {}
