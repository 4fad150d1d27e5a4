"""What a Python service using pika sees of a broker, for the AMQP listener's contract test.

Run against the simulator's listener and against RabbitMQ, it prints one JSON object of
observations (bodies, redelivered flags, header values, returns, confirms, reply codes) that must
be equal. Usage: python amqp_probe.py amqp://guest:guest@127.0.0.1:PORT/%2F name-prefix
"""
import json
import sys
import time

import pika
from pika.exceptions import ChannelClosedByBroker, ProbableAuthenticationError, ConnectionClosedByBroker, UnroutableError


def main() -> None:
    url, p = sys.argv[1], sys.argv[2]
    out = {}
    params = pika.URLParameters(url)
    params.socket_timeout = 5
    params.blocked_connection_timeout = 5
    conn = pika.BlockingConnection(params)
    ch = conn.channel()
    ch.confirm_delivery()
    q = p + ".q"
    ok = ch.queue_declare(q, durable=False)
    out["declared"] = [ok.method.queue == q, ok.method.message_count, ok.method.consumer_count]
    props = pika.BasicProperties(headers={"n": 1, "s": "x", "big": 100000}, message_id="m-1", content_type="text/plain", delivery_mode=2)
    for i in range(1, 4):
        ch.basic_publish("", q, f"m{i}".encode(), props)
    m, pr, body = ch.basic_get(q, auto_ack=False)
    out["get1"] = [body.decode(), m.redelivered, m.message_count, m.delivery_tag, pr.message_id, pr.headers]
    ch.basic_nack(m.delivery_tag, requeue=True)
    m, pr, body = ch.basic_get(q, auto_ack=False)
    out["get2"] = [body.decode(), m.redelivered, m.message_count, m.delivery_tag]
    ch.basic_ack(m.delivery_tag)

    ch.basic_qos(prefetch_count=1)
    seen = []
    for method, _props, b in ch.consume(q, inactivity_timeout=0.5):
        if method is None:
            break
        seen.append([b.decode(), method.redelivered, method.delivery_tag])
        ch.basic_ack(method.delivery_tag)
        if len(seen) == 2:
            break
    ch.cancel()
    out["consumed"] = seen

    try:
        ch.basic_publish("amq.direct", p + ".nowhere", b"lost?", props, mandatory=True)
        out["mandatory"] = "confirmed"
    except UnroutableError as e:
        out["mandatory"] = ["returned", len(e.messages), e.messages[0].method.reply_code, e.messages[0].method.reply_text, e.messages[0].body.decode()]

    def channel_error(op):
        c2 = conn.channel()
        try:
            op(c2)
            return "no error"
        except ChannelClosedByBroker as e:
            return [e.reply_code, e.reply_text]

    out["missingQueue"] = channel_error(lambda c: c.queue_declare(p + ".missing", passive=True))
    out["declareMismatch"] = channel_error(lambda c: c.queue_declare(q, durable=True))
    out["missingExchange"] = channel_error(lambda c: c.exchange_declare(p + ".missing", passive=True))
    ch.queue_delete(q)
    conn.close()

    bad = pika.URLParameters(url.replace("guest:guest@", "guest:wrong@"))
    try:
        pika.BlockingConnection(bad).close()
        out["badPassword"] = "connected"
    except ProbableAuthenticationError as e:
        out["badPassword"] = type(e).__name__
    except Exception as e:  # pika raises AMQPConnectionError wrapping the refusal
        out["badPassword"] = type(e).__name__
    vhost = pika.URLParameters(url.rsplit("/", 1)[0] + "/" + p + "-no-such-vhost")
    try:
        pika.BlockingConnection(vhost).close()
        out["missingVhost"] = "connected"
    except ConnectionClosedByBroker as e:
        out["missingVhost"] = [e.reply_code]
    except Exception as e:
        out["missingVhost"] = type(e).__name__
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
