package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskerTest {

  private final Masker masker = new Masker();

  private String mask(String content) {
    return String.join(" ", masker.mask(content));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          integer             | retried 3 times                        | retried <*> times
          negative number     | offset -42 applied                     | offset <*> applied
          decimal number      | load 0.75 now                          | load <*> now
          hex with prefix     | address 0x7ffe3a10 faulted             | address <*> faulted
          hex without prefix  | commit 9fceb02d0ae5 deployed           | commit <*> deployed
          short hex hash      | view Frame{b71c4e2 id=7} and Frame{5e0a9d1 id=8} | view Frame{<*> id=<*>} and Frame{<*> id=<*>}
          id after a prefix   | [call-5e0a9d1c-7f3b-4aa2-b1c4-be0f2c3d4a5e] done | [call-<*>] done
          IPv4                | peer 10.1.2.3 joined                   | peer <*> joined
          IPv4 with port      | connecting to 10.1.2.3:5432 now        | connecting to <*> now
          IPv6                | bound to fe80::1ff:fe23:4567:890a ok   | bound to <*> ok
          IPv6 with port      | dial [2001:db8::1]:443 failed          | dial [<*>]:<*> failed
          IPv6 loopback       | listening on ::1 and [::1]:53 now      | listening on <*> and [<*>]:<*> now
          IPv6 unspecified    | socket at [::], FD 8 and [::]:8080     | socket at [<*>], FD <*> and [<*>]:<*>
          IPv4-mapped IPv6    | peer ::ffff:10.0.0.7 closed            | peer <*> closed
          not an address      | std::vector a :: b ::add               | std::vector a :: b ::add
          UUID                | pod 123e4567-e89b-12d3-a456-426614174000 ready | pod <*> ready
          MAC address         | link 00:1a:2b:3c:4d:5e up              | link <*> up
          absolute path       | cannot open /var/log/app/current.log   | cannot open <*>
          Windows path        | loaded C:\\Apps\\Shop\\shop.dll         | loaded <*>
          relative path       | reading ./conf/app.yaml                | reading <*>
          URL                 | GET https://api.example.com/v1/users?id=7 took | GET <*> took
          e-mail address      | mail sent to ops@example.com           | mail sent to <*>
          host name           | resolved db-1.prod.example.com         | resolved <*>
          host name with port | dial db.shop.svc.cluster.local:5432 ok | dial <*> ok
          reserved domain     | lookup cache.lab.test from relay.invalid | lookup <*> from <*>
          example domain      | forwarded mirror.shop.example to 2 peers | forwarded <*> to <*> peers
          duration            | request took 250ms                     | request took <*>
          compound duration   | uptime 1h30m15s                        | uptime <*>
          size                | heap 512MiB used                       | heap <*> used
          size as two words   | cached 16.0 KB, free 2.1 GB            | cached <*>, free <*>
          percentage          | disk at 91% full                       | disk at <*> full
          ISO timestamp       | since 2024-05-01T12:00:00.123Z         | since <*>
          time of day         | at 23:59:59,999 sharp                  | at <*> sharp
          date in words       | built Mon May 06 09:10:11 CEST 2024    | built <*> <*> <*> <*> CEST <*>
          key=value           | user=alice uid=1000 gid=1000           | user=alice uid=<*> gid=<*>
          key:value           | PendingReds:4 Assigned:2               | PendingReds:<*> Assigned:<*>
          id with prefix      | deleting blk_-5421 and blk_77          | deleting blk_<*> and blk_<*>
          name with number    | node-17 is down                        | node-<*> is down
          one-digit name      | carrier lost on eth0                   | carrier lost on eth0
          call argument       | chdir(/home/alice) failed              | chdir(<*>) failed
          bracketed value     | (code 503) [retry 2]                   | (code <*>) [retry <*>]
          plain words         | Connection reset by peer               | Connection reset by peer
          """)
  void masksEachKindOfVariable(String kind, String content, String expected) {
    assertThat(mask(content)).as(kind).isEqualTo(expected);
  }

  @Test
  void aTokenLeftAsItIsStillJoinsAListOfValues() {
    // "(<*>)" is all brackets around a wildcard already in the message: masking leaves it as it
    // is, and as a bare value after "1," it folds into the list like any other.
    assertThat(mask("sizes 1, (<*>) end")).isEqualTo("sizes <*>) end");
    assertThat(mask("sizes 1, (<*>). end")).isEqualTo("sizes <*>). end");
    assertThat(mask("got ..... (<*>)")).isEqualTo("got ..... (<*>)");
  }

  @Test
  void keepsAQuotedStringAsOneTokenAndMasksInsideIt() {
    String[] tokens = masker.mask("query \"SELECT * FROM t WHERE id = 42\" took 3ms");

    assertThat(tokens)
        .containsExactly("query", "\"SELECT * FROM t WHERE id = <*>\"", "took", "<*>");
  }

  @Test
  void masksAQuotedValueAfterAKey() {
    assertThat(mask("msg=\"disk full\" path=\"/var/lib/data\""))
        .isEqualTo("msg=\"disk full\" path=\"<*>\"");
  }

  @Test
  void keepsAQuotedWord() {
    assertThat(mask("started service 'metrics' on port 9090"))
        .isEqualTo("started service 'metrics' on port <*>");
  }

  @Test
  void splitsADotLeaderFromItsValue() {
    assertThat(masker.mask("cache line size........64"))
        .containsExactly("cache", "line", "size", "...", "<*>");
  }

  @Test
  void masksTheNameOfARowOfADotLeaderDump() {
    assertThat(masker.mask("retryBudget..........high")).containsExactly("<*>", "...", "high");
    assertThat(masker.mask("queue.maxDepth.......unbounded"))
        .containsExactly("<*>", "...", "unbounded");
    assertThat(masker.mask("disk check: spare blocks.....ok"))
        .as("a name inside a sentence stays")
        .containsExactly("disk", "check:", "spare", "blocks", "...", "ok");
    assertThat(masker.mask("rows: spare.....ok parity...ok"))
        .as("every leader of a line")
        .containsExactly("rows:", "spare", "...", "ok", "parity", "...", "ok");
  }

  @Test
  void givesTheSameTokensToMessagesThatDifferOnlyInValues() {
    assertThat(masker.mask("user 17 logged in from 10.0.0.1 after 30ms"))
        .containsExactly(masker.mask("user 4242 logged in from 192.168.1.20 after 2.5s"));
  }

  @Test
  void foldsACommaSeparatedListOfValuesIntoOneVariable() {
    assertThat(mask("retrying shards [3, 17, 250] of 2 nodes"))
        .isEqualTo("retrying shards [<*>] of <*> nodes");
    assertThat(masker.mask("retrying shards [8] of 2 nodes"))
        .containsExactly(masker.mask("retrying shards [3, 17, 250] of 2 nodes"));
    assertThat(mask("waiting on 4, 5, 6")).isEqualTo("waiting on <*>");
  }

  @Test
  void keepsValuesThatAreNotSeparatedByCommasApart() {
    assertThat(mask("peer 10.0.0.7: 11: goodbye")).isEqualTo("peer <*>: <*>: goodbye");
    assertThat(mask("moved 12 34 items")).isEqualTo("moved <*> <*> items");
  }

  @Test
  void foldsValuesSideBySideInsideOneBracketIntoOneVariable() {
    assertThat(mask("quorum (4 9 12) reached")).isEqualTo("quorum (<*>) reached");
    assertThat(masker.mask("quorum (4) reached"))
        .containsExactly(masker.mask("quorum (4 9 12 15) reached"));
    assertThat(mask("ranks [0 1] ((2 3) 4)")).isEqualTo("ranks [<*>] ((<*>) <*>)");
    assertThat(mask("moved (12) 34 items"))
        .as("the bracket closed")
        .isEqualTo("moved (<*>) <*> items");
  }

  @Test
  void leavesJavaClassNamesAndFileNamesAlone() {
    assertThat(mask("org.example.cache.Loader read settings.properties"))
        .isEqualTo("org.example.cache.Loader read settings.properties");
  }

  @Test
  void tokenizesOnWhitespaceOfAnyWidth() {
    assertThat(Masker.tokenize("  a \tb   c  ")).containsExactly("a", "b", "c");
  }
}
