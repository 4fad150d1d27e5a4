package brokerlens.probe;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a Java service sees of a broker, for the AMQP listener's contract test: run against the
 * simulator's listener and against RabbitMQ, it prints one JSON object of observations (bodies,
 * redelivered flags, header value types, returns, confirms, reply codes) that must be equal.
 * Usage: AmqpProbe amqp://guest:guest@127.0.0.1:PORT name-prefix
 */
public final class AmqpProbe {
    private AmqpProbe() {}

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String p = args[1];
        Map<String, Object> out = new TreeMap<>();
        ConnectionFactory f = factory(uri);
        try (Connection c = f.newConnection("java-probe")) {
            Channel ch = c.createChannel();
            ch.confirmSelect();
            String q = p + ".q";
            AMQP.Queue.DeclareOk ok = ch.queueDeclare(q, false, false, false, null);
            out.put("declared", List.of(ok.getQueue().equals(q), ok.getMessageCount(), ok.getConsumerCount()));

            Map<String, Object> headers = new HashMap<>();
            headers.put("int", 42);
            headers.put("long", 7L);
            headers.put("str", "abc");
            headers.put("bool", true);
            headers.put("bytes", new byte[] {1, 2, 3});
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().headers(headers).messageId("m-1").contentType("text/plain").deliveryMode(2).build();
            for (int i = 1; i <= 3; i++) ch.basicPublish("", q, props, ("m" + i).getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(5000);

            GetResponse g1 = ch.basicGet(q, false);
            out.put("get1", getShape(g1));
            out.put("headerTypes", typesOf(g1.getProps().getHeaders()));
            ch.basicNack(g1.getEnvelope().getDeliveryTag(), false, true);
            GetResponse g2 = ch.basicGet(q, false);
            out.put("get2", getShape(g2));
            ch.basicAck(g2.getEnvelope().getDeliveryTag(), false);

            // A consumer with prefetch 1 sees one message until it acks.
            Channel sub = c.createChannel();
            sub.basicQos(1);
            BlockingQueue<Object[]> deliveries = new LinkedBlockingQueue<>();
            String tag = sub.basicConsume(q, false, p + ".ctag", new DefaultConsumer(sub) {
                @Override
                public void handleDelivery(String consumerTag, Envelope env, AMQP.BasicProperties pr, byte[] body) {
                    deliveries.add(new Object[] {consumerTag, env.getDeliveryTag(), env.isRedeliver(), new String(body, StandardCharsets.UTF_8)});
                }
            });
            List<Object> consumed = new ArrayList<>();
            Object[] d1 = deliveries.poll(3, TimeUnit.SECONDS);
            consumed.add(List.of(d1[0], d1[1], d1[2], d1[3]));
            consumed.add(deliveries.poll(300, TimeUnit.MILLISECONDS) == null ? "held by prefetch" : "delivered past prefetch");
            sub.basicAck((Long) d1[1], false);
            Object[] d2 = deliveries.poll(3, TimeUnit.SECONDS);
            consumed.add(List.of(d2[0], d2[1], d2[2], d2[3]));
            sub.basicAck((Long) d2[1], false);
            sub.basicCancel(tag);
            out.put("consumed", consumed);
            out.put("consumerTag", tag.equals(p + ".ctag"));

            // Mandatory publish with no route: returned, then confirmed.
            List<Object> returns = new ArrayList<>();
            ch.addReturnListener(r -> returns.add(List.of(r.getReplyCode(), r.getReplyText(), r.getExchange(), r.getRoutingKey().equals(p + ".nowhere"), new String(r.getBody(), StandardCharsets.UTF_8))));
            ch.basicPublish("amq.direct", p + ".nowhere", true, props, "lost?".getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(5000);
            Thread.sleep(100);
            out.put("returns", returns);

            // Dead-lettering: x-death count is a Long, as Java services read it.
            Channel dl = c.createChannel();
            dl.exchangeDeclare(p + ".dlx", "fanout", false);
            dl.queueDeclare(p + ".dlq", false, false, false, null);
            dl.queueBind(p + ".dlq", p + ".dlx", "");
            dl.queueDeclare(p + ".work", false, false, false, Map.of("x-dead-letter-exchange", p + ".dlx"));
            dl.basicPublish("", p + ".work", props, "bad".getBytes(StandardCharsets.UTF_8));
            GetResponse w = dl.basicGet(p + ".work", false);
            dl.basicReject(w.getEnvelope().getDeliveryTag(), false);
            GetResponse dead = null;
            for (int i = 0; i < 50 && dead == null; i++) {
                dead = dl.basicGet(p + ".dlq", true);
                if (dead == null) Thread.sleep(20);
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> deaths = (List<Map<String, Object>>) dead.getProps().getHeaders().get("x-death");
            Map<String, Object> death = new TreeMap<>();
            for (Map.Entry<String, Object> e : deaths.get(0).entrySet()) death.put(e.getKey(), e.getValue().getClass().getSimpleName() + ":" + (e.getKey().equals("time") ? "" : String.valueOf(e.getValue())));
            out.put("xDeath", death);
            out.put("deadHeaderTypes", typesOf(dead.getProps().getHeaders()));

            // Quorum queue: x-delivery-count is added by the broker; the publisher's header types stay.
            String qq = p + ".quorum";
            dl.queueDeclare(qq, true, false, false, Map.of("x-queue-type", "quorum"));
            dl.confirmSelect();
            dl.basicPublish("", qq, props, "qq".getBytes(StandardCharsets.UTF_8));
            dl.waitForConfirmsOrDie(5000);
            GetResponse qg = dl.basicGet(qq, false);
            dl.basicNack(qg.getEnvelope().getDeliveryTag(), false, true);
            GetResponse qg2 = dl.basicGet(qq, true);
            out.put("quorumRedelivered", List.of(qg.getEnvelope().isRedeliver(), qg2.getEnvelope().isRedeliver()));
            out.put("quorumHeaderTypes", typesOf(qg2.getProps().getHeaders()));

            // Transactions: publishes and acks wait for tx.commit; a rollback drops them.
            String tq = p + ".tx";
            Channel tx = c.createChannel();
            tx.queueDeclare(tq, false, false, false, null);
            tx.txSelect();
            tx.basicPublish("", tq, null, "a".getBytes(StandardCharsets.UTF_8));
            tx.basicPublish("", tq, null, "b".getBytes(StandardCharsets.UTF_8));
            long beforeCommit = dl.messageCount(tq);
            tx.txRollback();
            long afterRollback = dl.messageCount(tq);
            tx.basicPublish("", tq, null, "c".getBytes(StandardCharsets.UTF_8));
            tx.txCommit();
            long afterCommit = dl.messageCount(tq);
            GetResponse tg = tx.basicGet(tq, false);
            tx.basicAck(tg.getEnvelope().getDeliveryTag(), false);
            tx.txRollback();
            tx.close();
            long afterAckRolledBack = dl.messageCount(tq);
            out.put("tx", List.of(beforeCommit, afterRollback, afterCommit, new String(tg.getBody(), StandardCharsets.UTF_8), afterAckRolledBack));
            out.put("confirmAfterTx", channelError(c, x -> {
                x.txSelect();
                x.confirmSelect();
            }));
            out.put("commitWithoutTx", channelError(c, x -> x.txCommit()));
            dl.queueDelete(tq);

            // Reply codes of the usual mistakes.
            out.put("missingQueue", channelError(c, x -> x.queueDeclarePassive(p + ".missing")));
            out.put("declareMismatch", channelError(c, x -> x.queueDeclare(q, true, false, false, null)));
            out.put("reservedExchange", channelError(c, x -> x.exchangeDeclare("amq." + p, "direct")));
            String excl;
            try (Connection owner = f.newConnection("java-probe-owner")) {
                Channel o = owner.createChannel();
                excl = o.queueDeclare("", false, true, true, null).getQueue();
                out.put("exclusiveElsewhere", channelError(c, x -> x.queueDeclarePassive(excl)));
            }

            for (String name : new String[] {q, p + ".dlq", p + ".work", qq}) dl.queueDelete(name);
            dl.exchangeDelete(p + ".dlx");
        }

        try (Connection bad = factory(uri.replace("guest:guest@", "guest:wrong@")).newConnection()) {
            out.put("badPassword", "connected");
        } catch (AuthenticationFailureException e) {
            out.put("badPassword", e.getClass().getSimpleName());
        }
        ConnectionFactory vf = factory(uri);
        vf.setVirtualHost(p + "-no-such-vhost");
        try (Connection bad = vf.newConnection()) {
            out.put("missingVhost", "connected");
        } catch (IOException e) {
            out.put("missingVhost", closeShape(e));
        }
        System.out.println(json(out));
    }

    private static ConnectionFactory factory(String uri) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(uri);
        f.setAutomaticRecoveryEnabled(false);
        f.setConnectionTimeout(5000);
        f.setHandshakeTimeout(5000);
        return f;
    }

    private interface ChannelOp {
        void run(Channel ch) throws IOException;
    }

    private static Object channelError(Connection c, ChannelOp op) throws IOException {
        Channel ch = c.createChannel();
        try {
            op.run(ch);
            return "no error";
        } catch (IOException e) {
            return closeShape(e);
        }
    }

    private static Object closeShape(IOException e) {
        Throwable cause = e.getCause();
        if (!(cause instanceof ShutdownSignalException)) return e.getClass().getSimpleName() + ": " + e.getMessage();
        ShutdownSignalException s = (ShutdownSignalException) cause;
        Object reason = s.getReason();
        if (reason instanceof AMQP.Channel.Close) {
            AMQP.Channel.Close cl = (AMQP.Channel.Close) reason;
            return List.of("channel", cl.getReplyCode(), cl.getReplyText().replaceAll("amq\\.gen-[A-Za-z0-9_-]+", "<generated>"));
        }
        if (reason instanceof AMQP.Connection.Close) {
            AMQP.Connection.Close cl = (AMQP.Connection.Close) reason;
            return List.of("connection", cl.getReplyCode());
        }
        return String.valueOf(reason);
    }

    private static Object getShape(GetResponse g) {
        return List.of(new String(g.getBody(), StandardCharsets.UTF_8), g.getEnvelope().isRedeliver(), g.getMessageCount(), g.getEnvelope().getDeliveryTag(),
            String.valueOf(g.getProps().getMessageId()), String.valueOf(g.getProps().getContentType()), String.valueOf(g.getProps().getDeliveryMode()));
    }

    private static Map<String, Object> typesOf(Map<String, Object> headers) {
        Map<String, Object> t = new TreeMap<>();
        for (Map.Entry<String, Object> e : headers.entrySet()) {
            String type = e.getValue().getClass().getSimpleName();
            t.put(e.getKey(), type.contains("LongString") ? "LongString" : type);
        }
        return t;
    }

    private static String json(Object v) {
        if (v == null) return "null";
        if (v instanceof String) return '"' + ((String) v).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        if (v instanceof Map) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (b.length() > 1) b.append(',');
                b.append(json(String.valueOf(e.getKey()))).append(':').append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (v instanceof List) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : (List<?>) v) {
                if (b.length() > 1) b.append(',');
                b.append(json(o));
            }
            return b.append(']').toString();
        }
        return json(String.valueOf(v));
    }
}
