package brokerlens.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The minimal Java reference: publishes N messages of S bytes to the default exchange with publisher
 * confirms, at most W unconfirmed (the same pipelining BrokerLens does), mandatory, persistent unless
 * the sixth argument is false.
 * Prints one JSON line: {"messages":N,"confirmed":C,"nacked":K,"ms":T,"rate":R}.
 *
 * Usage: ConfirmPublisher amqpUri queue messages size window [persistent=true]
 */
public final class ConfirmPublisher {
  private ConfirmPublisher() {}

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    String queue = args[1];
    int messages = Integer.parseInt(args[2]);
    int size = Integer.parseInt(args[3]);
    int window = Integer.parseInt(args[4]);
    boolean persistent = args.length < 6 || Boolean.parseBoolean(args[5]);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    try (Connection connection = factory.newConnection("brokerlens-bench-java")) {
      Channel channel = connection.createChannel();
      channel.confirmSelect();
      ConcurrentSkipListMap<Long, Boolean> outstanding = new ConcurrentSkipListMap<>();
      Semaphore slots = new Semaphore(window);
      AtomicLong confirmed = new AtomicLong();
      AtomicLong nacked = new AtomicLong();
      channel.addConfirmListener(
          (tag, multiple) -> settle(outstanding, slots, confirmed, tag, multiple),
          (tag, multiple) -> settle(outstanding, slots, nacked, tag, multiple));
      byte[] body = new byte[size];
      java.util.Arrays.fill(body, (byte) 'a');
      AMQP.BasicProperties props = persistent ? MessageProperties.PERSISTENT_BASIC : MessageProperties.BASIC;
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        slots.acquire();
        outstanding.put(channel.getNextPublishSeqNo(), Boolean.TRUE);
        channel.basicPublish("", queue, true, props, body);
      }
      slots.acquire(window);
      long ms = (System.nanoTime() - start) / 1_000_000;
      double rate = messages * 1000.0 / Math.max(1, ms);
      System.out.printf("{\"messages\":%d,\"confirmed\":%d,\"nacked\":%d,\"ms\":%d,\"rate\":%.1f}%n", messages, confirmed.get(), nacked.get(), ms, rate);
    }
  }

  private static void settle(ConcurrentSkipListMap<Long, Boolean> outstanding, Semaphore slots, AtomicLong counter, long tag, boolean multiple) {
    int n = 0;
    if (multiple) {
      var head = outstanding.headMap(tag, true);
      n = head.size();
      head.clear();
    } else if (outstanding.remove(tag) != null) {
      n = 1;
    }
    counter.addAndGet(n);
    slots.release(n);
  }
}
