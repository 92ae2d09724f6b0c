/**
 * The shell tools, {@code bash_executor} and {@code python_executor}, and the {@link
 * dev.oats.tools.shell.CommandClassifier} that decides which command lines only read. Child
 * processes run in the investigation's workspace with the scrubbed child environment, no input,
 * output drained concurrently and capped, and a time limit that kills the whole process tree.
 * {@link dev.oats.tools.shell.ShellTools#offers} lists the tools.
 */
package dev.oats.tools.shell;
