package dev.oats.tools.runbooks;

import dev.oats.tool.ToolProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@code runbooks} tool, offered when {@code OATS_RUNBOOKS_DIR} names a folder. */
public final class RunbookTools {

  private RunbookTools() {}

  public static List<ToolProvider.Offer> offers(Map<String, String> settings) {
    String dir = settings.get("OATS_RUNBOOKS_DIR");
    if (dir == null || dir.isBlank()) {
      return List.of(
          ToolProvider.Offer.disabled(
              RunbooksTool.NAME, "OATS_RUNBOOKS_DIR is not set: no runbooks to read"));
    }
    return List.of(ToolProvider.Offer.enabled(new RunbooksTool(Path.of(dir))));
  }
}
