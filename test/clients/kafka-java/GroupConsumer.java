import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One real Java consumer (kafka-clients 4.x) in a group of the classic or the consumer protocol
 * (KIP-848), started and stopped by BrokerLens' group tests. It consumes at most LIMIT records per
 * partition, commits what it consumed, then pauses the partition and stays in the group, so the
 * test knows the committed offsets and the lag exactly. One JSON line per observation on stdout:
 *
 *   {"event":"assigned","partitions":[0,1]}   after each assignment
 *   {"event":"record","partition":0,"offset":4}
 *   {"event":"committed","partition":0,"offset":5}
 *   {"event":"closed"}                         after "stop" on stdin (a clean leave) or MAX_SECONDS
 *
 *   java GroupConsumer BOOTSTRAP TOPIC GROUP classic|consumer|share LIMIT MAX_SECONDS
 *
 * With "share" it is a KafkaShareConsumer in a share group (KIP-932): it polls until stopped.
 */
public final class GroupConsumer {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    String group = args[2];
    String protocol = args[3];
    int limit = Integer.parseInt(args[4]);
    long deadline = System.currentTimeMillis() + Long.parseLong(args[5]) * 1000L;

    if (protocol.equals("share")) {
      share(bootstrap, topic, group, deadline);
      return;
    }
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "brokerlens-java-" + protocol);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
    if (protocol.equals("classic")) {
      p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
      p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
    }

    AtomicBoolean stop = new AtomicBoolean(false);
    Thread stdin = new Thread(() -> {
      try {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) if (line.trim().equals("stop")) break;
      } catch (java.io.IOException ignored) {
        // A closed stdin stops the consumer as well.
      }
      stop.set(true);
    });
    stdin.setDaemon(true);
    stdin.start();

    Map<Integer, Integer> consumed = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          TreeSet<Integer> ids = new TreeSet<>();
          for (TopicPartition tp : consumer.assignment()) ids.add(tp.partition());
          System.out.println("{\"event\":\"assigned\",\"partitions\":" + ids.toString().replace(" ", "") + "}");
          System.out.flush();
        }
      });
      while (!stop.get() && System.currentTimeMillis() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        List<TopicPartition> full = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          int n = consumed.getOrDefault(r.partition(), 0);
          if (n >= limit) {
            // Past the limit within this poll: rewind so the record stays unconsumed.
            if (!commits.containsKey(tp) && !full.contains(tp)) full.add(tp);
            continue;
          }
          consumed.put(r.partition(), n + 1);
          System.out.println("{\"event\":\"record\",\"partition\":" + r.partition() + ",\"offset\":" + r.offset() + "}");
          commits.put(tp, new OffsetAndMetadata(r.offset() + 1));
          if (n + 1 >= limit && !full.contains(tp)) full.add(tp);
        }
        if (!commits.isEmpty()) {
          consumer.commitSync(commits);
          for (Map.Entry<TopicPartition, OffsetAndMetadata> c : commits.entrySet()) {
            System.out.println("{\"event\":\"committed\",\"partition\":" + c.getKey().partition() + ",\"offset\":" + c.getValue().offset() + "}");
          }
        }
        for (TopicPartition tp : full) {
          // Keep the position at the committed offset, then stop fetching: the group stays alive.
          OffsetAndMetadata at = commits.get(tp);
          if (at != null) consumer.seek(tp, at.offset());
          consumer.pause(List.of(tp));
        }
        System.out.flush();
      }
    }
    System.out.println("{\"event\":\"closed\"}");
    System.out.flush();
  }

  /** A share-group member (KIP-932): polls and acknowledges (implicitly) until "stop" or the deadline. */
  private static void share(String bootstrap, String topic, String group, long deadline) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "brokerlens-java-share");
    AtomicBoolean stop = new AtomicBoolean(false);
    Thread stdin = new Thread(() -> {
      try {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) if (line.trim().equals("stop")) break;
      } catch (java.io.IOException ignored) {
        // A closed stdin stops the consumer as well.
      }
      stop.set(true);
    });
    stdin.setDaemon(true);
    stdin.start();
    try (org.apache.kafka.clients.consumer.KafkaShareConsumer<String, String> consumer =
        new org.apache.kafka.clients.consumer.KafkaShareConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      System.out.println("{\"event\":\"assigned\",\"partitions\":[]}");
      System.out.flush();
      while (!stop.get() && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          System.out.println("{\"event\":\"record\",\"partition\":" + r.partition() + ",\"offset\":" + r.offset() + "}");
        }
        System.out.flush();
      }
    }
    System.out.println("{\"event\":\"closed\"}");
    System.out.flush();
  }
}
