// Probe does against a broker what Spark's Kafka source does: produce, describe the
// topic, list its earliest and latest offsets, consume from the earliest. It prints one
// line per step for kafka_java_test.go to assert. Run: java -cp CLASSPATH Probe.java BOOTSTRAP TOPIC
import java.time.Duration;
import java.util.*;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.*;

public class Probe {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0], topic = args[1];
        Properties common = new Properties();
        common.put("bootstrap.servers", bootstrap);
        common.put("request.timeout.ms", "10000");
        common.put("default.api.timeout.ms", "15000");

        Properties pp = new Properties();
        pp.putAll(common);
        pp.put("acks", "all");
        pp.put("max.block.ms", "15000");
        pp.put("delivery.timeout.ms", "15000");
        pp.put("linger.ms", "0");
        try (Producer<String, String> p = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            for (String v : new String[] {"one", "two", "three"}) {
                p.send(new ProducerRecord<>(topic, v)).get(20, TimeUnit.SECONDS);
            }
        }
        System.out.println("produced 3");

        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(common)) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(20, TimeUnit.SECONDS).get(topic);
            System.out.println("described " + d.name() + " partitions=" + d.partitions().size()
                + " leader=" + d.partitions().get(0).leader().id());
            long earliest = admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get(20, TimeUnit.SECONDS).offset();
            long latest = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(20, TimeUnit.SECONDS).offset();
            System.out.println("offsets earliest=" + earliest + " latest=" + latest);
        }

        Properties cp = new Properties();
        cp.putAll(common);
        cp.put("auto.offset.reset", "earliest");
        cp.put("enable.auto.commit", "false");
        try (Consumer<String, String> c = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            List<String> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20000;
            while (got.size() < 3 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    got.add(r.offset() + ":" + r.value());
                }
            }
            System.out.println("consumed " + String.join(",", got));
        }
    }
}
