import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One Java consumer (kafka-clients 4.x, classic group protocol) in a group, for the fidelity suite:
 *   GroupMember BOOTSTRAP GROUP ASSIGNOR(range|roundrobin|cooperative-sticky) TOPIC,TOPIC CLIENT_ID MAX_SECONDS
 * It polls until stdin closes (the test's way to make it leave) or MAX_SECONDS pass, then closes,
 * which sends LeaveGroup. After every rebalance it prints {"assigned":[...]} with its whole assignment.
 */
public final class GroupMember {
    public static void main(String[] args) throws Exception {
        String assignor = switch (args[2]) {
            case "range" -> RangeAssignor.class.getName();
            case "roundrobin" -> RoundRobinAssignor.class.getName();
            case "cooperative-sticky" -> CooperativeStickyAssignor.class.getName();
            default -> throw new IllegalArgumentException(args[2]);
        };
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, args[1]);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, args[4]);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        long deadline = System.currentTimeMillis() + Long.parseLong(args[5]) * 1000L;
        AtomicBoolean stop = new AtomicBoolean(false);
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (in.readLine() != null) { /* any line or EOF */ }
            } catch (Exception ignored) { }
            stop.set(true);
        });
        stdin.setDaemon(true);
        stdin.start();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            ConsumerRebalanceListener listener = new ConsumerRebalanceListener() {
                @Override public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) { }
                @Override public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    TreeSet<String> all = new TreeSet<>();
                    for (TopicPartition tp : consumer.assignment()) all.add(tp.topic() + "/" + tp.partition());
                    List<String> quoted = new ArrayList<>();
                    for (String s : all) quoted.add("\"" + s + "\"");
                    System.out.println("{\"member\":\"" + consumer.groupMetadata().memberId() + "\",\"generation\":" + consumer.groupMetadata().generationId() + ",\"assigned\":[" + String.join(",", quoted) + "]}");
                    System.out.flush();
                }
            };
            consumer.subscribe(Arrays.asList(args[3].split(",")), listener);
            while (!stop.get() && System.currentTimeMillis() < deadline) consumer.poll(Duration.ofMillis(200));
        }
        System.out.println("{\"closed\":true}");
    }
}
