package dev.oats.tools.files;

import dev.oats.tool.ToolProvider;
import java.util.List;
import java.util.Map;

/**
 * The file tools: {@code file_reader}, {@code yaml_parser} and {@code code_search}. They read only
 * below the allowed roots: the investigation's workspace plus the directories in {@value
 * AllowedRoots#SETTING} (separated by the path separator or commas; by default the working
 * directory of the process).
 */
public final class FileTools {

  private FileTools() {}

  /**
   * The three tools. {@code code_search} is offered only when {@value AllowedRoots#SETTING} names a
   * code root: searching the server's working directory finds no application code, and its schema
   * would cost tokens on every request for nothing.
   */
  public static List<ToolProvider.Offer> offers(Map<String, String> settings) {
    AllowedRoots roots = AllowedRoots.fromSettings(settings);
    boolean codeRoot = !settings.getOrDefault(AllowedRoots.SETTING, "").isBlank();
    return List.of(
        ToolProvider.Offer.enabled(new FileReaderTool(roots)),
        ToolProvider.Offer.enabled(new YamlParserTool(roots)),
        codeRoot
            ? ToolProvider.Offer.enabled(new CodeSearchTool(roots))
            : ToolProvider.Offer.disabled(
                CodeSearchTool.NAME,
                "no code root: set "
                    + AllowedRoots.SETTING
                    + " to the source checkout(s) to search"));
  }
}
