package dev.oats.agent;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Thread CPU per count, jtokkit's count of the whole text against {@link Cl100kPieces} (its memory
 * shared by the calls, as in the agent, and a new one each call: every piece then a miss), rounds
 * taking turns in one JVM: {@code java -cp <oats-core test and main classes, its class path>
 * dev.oats.agent.Cl100kPiecesBench [rounds] [calls]}, run from the repository's root. Not a test;
 * see BENCHMARKS.md.
 */
final class Cl100kPiecesBench {

  private Cl100kPiecesBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Encoding cl100k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    byte[] random = new byte[12_000];
    new Random(1).nextBytes(random);
    String kubelet = Files.readString(Path.of("bench/data/kubelet/kubelet_2k.log"));
    String manifests =
        Files.readString(Path.of("scenarios/bad-rollout/cluster/objects.yaml"))
            + Files.readString(Path.of("scenarios/rbac-denied/cluster/objects.yaml"));
    String[][] scenarios = {
      {"LoopMain's log page, first 3,000 characters (an excerpt)", "excerpt"},
      {"LoopMain's log page, 16 KB", "page"},
      {"kubelet log (bench/data), a new 16 KB window each call", "kubelet"},
      {"two scenarios' manifests (YAML)", manifests},
      {"16 KB of base64 of random bytes (pieces rarely seen twice)", ""}
    };
    scenarios[4][1] = Base64.getMimeEncoder().encodeToString(random);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Cl100kPieces shared = new Cl100kPieces(cl100k::countTokensOrdinary);
    long sink = 0;
    for (String[] scenario : scenarios) {
      String[] names = {"jtokkit, whole text", "pieces, shared memory", "pieces, new memory"};
      List<List<Double>> perCall = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        perCall.add(new ArrayList<>());
      }
      String[] texts = new String[calls];
      for (int call = 0; call < calls; call++) {
        texts[call] =
            switch (scenario[1]) {
              case "excerpt" -> Cl100kPiecesTest.logPage(call).substring(0, 3_000);
              case "page" -> Cl100kPiecesTest.logPage(call);
              case "kubelet" -> {
                int from = (call * 7_919) % (kubelet.length() - 16_000);
                yield kubelet.substring(from, from + 16_000);
              }
              default -> scenario[1];
            };
      }
      for (int round = -rounds / 2; round < rounds; round++) {
        for (int which = 0; which < names.length; which++) {
          long started = threads.getCurrentThreadCpuTime();
          for (int call = 0; call < calls; call++) {
            String text = texts[call];
            sink +=
                switch (which) {
                  case 0 -> cl100k.countTokensOrdinary(text);
                  case 1 -> shared.count(text);
                  default -> new Cl100kPieces(cl100k::countTokensOrdinary).count(text);
                };
          }
          long spent = threads.getCurrentThreadCpuTime() - started;
          if (round >= 0) {
            perCall.get(which).add(spent / 1000.0 / calls);
          }
        }
      }
      System.out.printf(
          "%s (%d chars), %d rounds x %d calls, thread CPU us/call:%n",
          scenario[0], texts[0].length(), rounds, calls);
      for (int which = 0; which < names.length; which++) {
        double[] sorted = perCall.get(which).stream().mapToDouble(d -> d).sorted().toArray();
        System.out.printf(
            "  %-24s min %8.1f  median %8.1f  max %8.1f   paired ratio to jtokkit %s%n",
            names[which],
            sorted[0],
            sorted[sorted.length / 2],
            sorted[sorted.length - 1],
            ratios(perCall.get(which), perCall.get(0)));
      }
    }
    System.out.println("(sink " + sink % 10 + ")");
  }

  private static String ratios(List<Double> now, List<Double> before) {
    double[] ratios = new double[now.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = now.get(i) / before.get(i);
    }
    Arrays.sort(ratios);
    return String.format(
        "%.2f (%.2f-%.2f)", ratios[ratios.length / 2], ratios[0], ratios[ratios.length - 1]);
  }
}
