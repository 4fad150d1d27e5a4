import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs Kafka's own CooperativeStickyAssignor (from the kafka-clients jar on the classpath) on cases
 * read from stdin, so the simulator's port can be compared with it partition for partition.
 *
 * Input, one case after another:
 *   case NAME
 *   topic NAME PARTITIONS
 *   member ID GENERATION TOPIC,TOPIC|- TOPIC/P,TOPIC/P|-     (in JoinGroup order)
 *   run
 * Output per case: "case NAME", one "member ID TOPIC/P,...|-" line per member (partitions sorted), or
 * "error EXCEPTION" when the assignor throws, then "end".
 * The subscriptions go into a HashMap in member order, as ConsumerCoordinator builds them; a fresh
 * assignor instance per case, so no generation carries over between cases.
 */
public final class StickyAssignorCases {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String name = null;
        Map<String, Integer> partitionsPerTopic = new HashMap<>();
        Map<String, Subscription> subscriptions = new HashMap<>();
        List<String> memberOrder = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.trim().split(" ");
            switch (f[0]) {
                case "case":
                    name = f[1];
                    partitionsPerTopic = new HashMap<>();
                    subscriptions = new HashMap<>();
                    memberOrder = new ArrayList<>();
                    break;
                case "topic":
                    partitionsPerTopic.put(f[1], Integer.parseInt(f[2]));
                    break;
                case "member": {
                    List<String> topics = new ArrayList<>();
                    if (!f[3].equals("-")) for (String t : f[3].split(",")) topics.add(t);
                    List<TopicPartition> owned = new ArrayList<>();
                    if (!f[4].equals("-")) {
                        for (String tp : f[4].split(",")) {
                            int slash = tp.lastIndexOf('/');
                            owned.add(new TopicPartition(tp.substring(0, slash), Integer.parseInt(tp.substring(slash + 1))));
                        }
                    }
                    subscriptions.put(f[1], new Subscription(topics, null, owned, Integer.parseInt(f[2]), Optional.empty()));
                    memberOrder.add(f[1]);
                    break;
                }
                case "run": {
                    out.append("case ").append(name).append('\n');
                    Map<String, List<TopicPartition>> assignment;
                    try {
                        assignment = new CooperativeStickyAssignor().assign(partitionsPerTopic, subscriptions);
                    } catch (RuntimeException e) {
                        // Some inputs make Java's assignor throw (the leader's poll() fails); report it as an outcome.
                        out.append("error ").append(e.getClass().getSimpleName()).append('\n').append("end\n");
                        break;
                    }
                    for (String member : memberOrder) {
                        TreeMap<String, TopicPartition> sorted = new TreeMap<>();
                        for (TopicPartition tp : assignment.getOrDefault(member, List.of())) {
                            sorted.put(String.format("%s/%08d", tp.topic(), tp.partition()), tp);
                        }
                        List<String> parts = new ArrayList<>();
                        for (TopicPartition tp : sorted.values()) parts.add(tp.topic() + "/" + tp.partition());
                        out.append("member ").append(member).append(' ').append(parts.isEmpty() ? "-" : String.join(",", parts)).append('\n');
                    }
                    out.append("end\n");
                    break;
                }
                default:
                    if (!line.isBlank()) throw new IllegalArgumentException("Unknown line: " + line);
            }
        }
        System.out.print(out);
        System.out.flush();
    }
}
