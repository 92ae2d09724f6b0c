package dev.oats.tools;

import dev.oats.tool.ToolProvider;
import dev.oats.tools.files.FileTools;
import dev.oats.tools.kube.KubeTools;
import dev.oats.tools.logs.LogTools;
import dev.oats.tools.metrics.MetricsTools;
import dev.oats.tools.runbooks.RunbookTools;
import dev.oats.tools.shell.ShellTools;
import dev.oats.tools.web.WebTools;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The tools that ship with OATS, each area offering its tools or saying why one is disabled. */
public final class BuiltinTools implements ToolProvider {

  @Override
  public String name() {
    return "builtin";
  }

  @Override
  public List<Offer> tools(Map<String, String> settings) {
    List<Offer> offers = new ArrayList<>();
    offers.addAll(KubeTools.offers(settings));
    offers.addAll(LogTools.offers(settings));
    offers.addAll(ShellTools.offers(settings));
    offers.addAll(FileTools.offers(settings));
    offers.addAll(MetricsTools.offers(settings));
    offers.addAll(WebTools.offers(settings));
    offers.addAll(RunbookTools.offers(settings));
    return List.copyOf(offers);
  }
}
