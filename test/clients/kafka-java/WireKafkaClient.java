import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Java kafka-clients 4.x producer, consumer group and admin, run by BrokerLens' wire contract
 * test against the simulator's Kafka listener and against a real Kafka broker; it prints one JSON
 * line per observation so the test can compare the two runs.
 *
 *   produce BOOTSTRAP TOPIC COUNT COMPRESSION   idempotent producer (the default), keyed records
 *   group   BOOTSTRAP TOPIC GROUP TOTAL          two consumers in one group, the second joins late
 *   admin   BOOTSTRAP TOPIC                      create, describe, configs, groups, usual mistakes
 */
public final class WireKafkaClient {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "produce" -> produce(args[1], args[2], Integer.parseInt(args[3]), args[4]);
      case "group" -> group(args[1], args[2], args[3], Integer.parseInt(args[4]));
      case "admin" -> admin(args[1], args[2]);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void produce(String bootstrap, String topic, int count, String compression) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "wire-java-producer");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) sent.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 7), "value-" + i)));
      for (int i = 0; i < count; i++) {
        try {
          RecordMetadata m = sent.get(i).get();
          System.out.println("{\"kind\":\"sent\",\"i\":" + i + ",\"key\":\"key-" + (i % 7) + "\",\"partition\":" + m.partition() + ",\"offset\":" + m.offset() + "}");
        } catch (ExecutionException e) {
          System.out.println("{\"kind\":\"send-error\",\"i\":" + i + ",\"error\":\"" + e.getCause().getClass().getSimpleName() + "\"}");
        }
      }
    }
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap, String group, String clientId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  /** One consumer thread: polls until the group consumed TOTAL records, commits after each poll. */
  private static Thread member(String bootstrap, String topic, String group, String name, AtomicInteger consumed, int total,
      AtomicBoolean stop, Map<String, Set<Integer>> assignments, AtomicInteger rebalances) {
    Thread t = new Thread(() -> {
      try (KafkaConsumer<String, String> c = consumer(bootstrap, group, name)) {
        c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
          @Override public void onPartitionsRevoked(java.util.Collection<TopicPartition> parts) { }
          @Override public void onPartitionsAssigned(java.util.Collection<TopicPartition> parts) {
            Set<Integer> set = new TreeSet<>();
            for (TopicPartition tp : parts) set.add(tp.partition());
            synchronized (assignments) { assignments.put(name, set); }
            rebalances.incrementAndGet();
          }
        });
        long deadline = System.currentTimeMillis() + 60000;
        while (!stop.get() && System.currentTimeMillis() < deadline) {
          for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
            consumed.incrementAndGet();
            System.out.println("{\"kind\":\"consumed\",\"member\":\"" + name + "\",\"partition\":" + r.partition() + ",\"offset\":" + r.offset() + ",\"key\":\"" + r.key() + "\"}");
          }
          c.commitSync();
          if (consumed.get() >= total && assignments.size() == 2) break;
        }
      }
    }, name);
    t.start();
    return t;
  }

  private static void group(String bootstrap, String topic, String group, int total) throws Exception {
    AtomicInteger consumed = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger rebalances = new AtomicInteger();
    Map<String, Set<Integer>> assignments = new TreeMap<>();
    Thread a = member(bootstrap, topic, group, "member-a", consumed, total, stop, assignments, rebalances);
    long wait = System.currentTimeMillis() + 30000;
    while (rebalances.get() == 0 && System.currentTimeMillis() < wait) Thread.sleep(50);
    synchronized (assignments) { System.out.println("{\"kind\":\"alone\",\"partitions\":" + assignments.get("member-a") + "}"); }
    Thread b = member(bootstrap, topic, group, "member-b", consumed, total, stop, assignments, rebalances);
    wait = System.currentTimeMillis() + 40000;
    while (assignments.size() < 2 && System.currentTimeMillis() < wait) Thread.sleep(50);
    a.join(70000);
    b.join(70000);
    stop.set(true);
    List<String> shapes = new ArrayList<>();
    synchronized (assignments) { for (Set<Integer> s : assignments.values()) shapes.add(s.toString()); }
    Collections.sort(shapes);
    System.out.println("{\"kind\":\"shared\",\"assignments\":\"" + shapes + "\",\"consumed\":" + consumed.get() + "}");
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<Integer, Long> byPartition = new TreeMap<>();
      offsets.forEach((tp, om) -> byPartition.put(tp.partition(), om.offset()));
      System.out.println("{\"kind\":\"committed\",\"offsets\":\"" + byPartition + "\"}");
    }
  }

  private static void admin(String bootstrap, String topic) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(Map.of("retention.ms", "3600000")))).all().get();
      System.out.println("{\"kind\":\"created\"}");
      outcome("create-again", () -> admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get());
      outcome("create-rf3", () -> admin.createTopics(List.of(new NewTopic(topic + "-rf3", 1, (short) 3))).all().get());
      outcome("create-bad-name", () -> admin.createTopics(List.of(new NewTopic("bad/name", 1, (short) 1))).all().get());
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      System.out.println("{\"kind\":\"described\",\"partitions\":" + d.partitions().size() + ",\"internal\":" + d.isInternal() + "}");
      boolean listed = admin.listTopics().names().get().contains(topic);
      System.out.println("{\"kind\":\"listed\",\"present\":" + listed + "}");
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(r)).all().get().get(r);
      System.out.println("{\"kind\":\"config\",\"retention.ms\":\"" + config.get("retention.ms").value() + "\",\"cleanup.policy\":\"" + config.get("cleanup.policy").value() + "\"}");
      List<String> groups = new ArrayList<>();
      for (GroupListing g : admin.listGroups().all().get()) groups.add(g.groupId());
      System.out.println("{\"kind\":\"groups-listed\",\"ok\":" + (groups != null) + "}");
      outcome("describe-missing", () -> admin.describeTopics(List.of(topic + "-missing")).allTopicNames().get());
      admin.deleteTopics(List.of(topic)).all().get();
      System.out.println("{\"kind\":\"deleted\"}");
      outcome("delete-again", () -> admin.deleteTopics(List.of(topic)).all().get());
    }
  }

  interface Call { void run() throws Exception; }

  private static void outcome(String what, Call call) {
    try {
      call.run();
      System.out.println("{\"kind\":\"" + what + "\",\"error\":null}");
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      System.out.println("{\"kind\":\"" + what + "\",\"error\":\"" + cause.getClass().getSimpleName() + "\"}");
    }
  }
}
