package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule 46: how many values a differing word may show before it is a variable depends on the line
 * around it. In a record made mostly of values (a query log, a traffic log) a word among the values
 * is one more field, a variable at its second value; in a sentence the words name the event, and up
 * to three values stay apart as variants (rule 4). Logs made up.
 */
class MostlyValuesLinesTest {

  private final Masker masker = new Masker();
  private final TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

  private int add(String message) {
    return miner.add(masker.mask(message));
  }

  @Test
  void aWordAmongValuesIsAFieldAtItsSecondValue() {
    // A query log: client, name, record type, class. Two or three types would have been as many
    // templates (variants); here the line is two values and one word around the type.
    int a = add("10.0.4.17 api.shop.com. A IN");
    int aaaa = add("10.0.4.22 cdn.shop.com. AAAA IN");
    int mx = add("10.0.4.17 shop.com. MX IN");
    assertThat(List.of(aaaa, mx)).containsOnly(a);
    assertThat(miner.templates()).hasSize(1);
    assertThat(miner.template(a).text()).isEqualTo("<*> <*>. <*> IN");
  }

  @Test
  void aTrafficLogsFewValuedWordsAreFields() {
    // A firewall's traffic log: addresses, protocol, verdict, bytes, packets.
    int allow = add("10.1.1.5:5500 10.2.2.9:443 TCP ALLOW 1520 3");
    int deny = add("10.1.1.6:5512 10.2.2.9:22 TCP DENY 0 1");
    int drop = add("10.1.1.7:5519 10.2.2.9:25 TCP DROP 60 1");
    assertThat(List.of(deny, drop)).containsOnly(allow);
    assertThat(miner.templates()).hasSize(1);
  }

  @Test
  void aWordInASentenceStaysAVariantUntilItsFourthValue() {
    // Words around the value: the differing word names the event.
    int good = add("Disk /dev/sda1 health is good");
    int poor = add("Disk /dev/sdb1 health is poor");
    int failing = add("Disk /dev/sdc1 health is failing");
    assertThat(List.of(good, poor, failing)).doesNotHaveDuplicates();
  }

  @Test
  void aRecordsOnlyWordIsItsEvent() {
    // One value and one word: the word is the reply (a cache's protocol trace), not a field.
    int stored = add(">27 STORED");
    int end = add(">28 END");
    int missing = add(">27 NOT_FOUND");
    assertThat(List.of(stored, end, missing)).doesNotHaveDuplicates();
  }

  @Test
  void aLabelOrAVerbAmongValuesStaysAVariant() {
    // A label ends in a colon: it names the field after it (rule 38's different keys).
    int download = add("[ftp] OK DOWNLOAD: 10.0.0.5 /srv/a.txt 1200 bytes");
    int upload = add("[ftp] OK UPLOAD: 10.0.0.5 /srv/a.txt 1200 bytes");
    assertThat(upload).isNotEqualTo(download);
    // A form of a verb names what happened (rule 27), even among values.
    int accepting = add("<0.1.2> 10.0.0.7:5672 accepting 10.0.0.1:5672 <0.3.4>");
    int closing = add("<0.1.2> 10.0.0.7:5672 closing 10.0.0.1:5672 <0.3.4>");
    assertThat(closing).isNotEqualTo(accepting);
  }

  @Test
  void aFieldsNameOrAClausesFirstWordStaysAVariant() {
    // The words before a lone colon name the field after it (a start-up banner's aligned lines).
    int home = add("<0.9.1> home dir : /var/lib/rabbit");
    int data = add("<0.9.1> database dir : /var/lib/rabbit/db");
    assertThat(data).isNotEqualTo(home);
    // The first word of a clause after a colon is its subject: a resolver's two kinds of answer.
    int fixed = add("10.0.0.5 #4411 answer: static api.shop.com is 10.0.0.2");
    int config = add("10.0.0.6 #4412 answer: config api.shop.com is 10.0.0.1");
    assertThat(config).isNotEqualTo(fixed);
  }

  @Test
  void aNameLeadingARecordOfValuesIsAField() {
    // Rule 47: a gateway's access record: listener, route, timers, status, bytes, flags, the
    // request. The listener leads the record; the records of two listeners are one event.
    int pub = add("ingress_pub pool_a/node1 12/0/3 200 812 - - 4/4 \"GET /orders HTTP/1.1\"");
    add("ingress_pub pool_b/node2 10/0/7 404 90 - - 3/4 \"GET /cart HTTP/1.1\"");
    int internal =
        add("ingress_int~ pool_a/node2 11/1/2 200 640 - - 2/4 \"POST /orders HTTP/1.1\"");
    int again = add("ingress_int~ pool_b/node1 9/0/5 500 12 - - 1/4 \"GET /cart HTTP/1.1\"");
    assertThat(List.of(internal, again)).containsOnly(pub);
    assertThat(miner.templates()).hasSize(1);
    assertThat(miner.template(pub).text()).startsWith("<*> ");
  }

  @Test
  void aSentencesFirstWordStaysItsSubject() {
    // Another word in the line: the first word is the subject (zone|host ... is ...).
    int zone = add("zone 10.0.0.1 is 4711 0x1f");
    int host = add("host 10.0.0.2 is 4712 0x2e");
    assertThat(host).isNotEqualTo(zone);
    // Only two values: too few to call the line a record.
    int first = add("job_a 0x1f - - 17");
    int second = add("job_b 0x2a - - 18");
    assertThat(second).isNotEqualTo(first);
  }
}
