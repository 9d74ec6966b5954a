package io.dealstream.platform.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class HealthDetailsTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    @Test
    void eachCheckKeepsItsNameAndStatusButNoAddress() {
        JsonObject payload = json("""
                {'status': 'DOWN', 'checks': [
                  {'name': 'Database connections health check', 'status': 'DOWN',
                   'data': {'<default>': 'down - connection failed: Connection to db.internal:5432 refused'}},
                  {'name': 'Kafka broker', 'status': 'UP',
                   'data': {'bootstrap.servers': 'kafka-0.kafka:9092', 'brokers': 3}},
                  {'name': 'Kafka broker', 'status': 'DOWN', 'data': {'reason': 'no answer within 2 s'}},
                  {'name': 'SmallRye Reactive Messaging - liveness check', 'status': 'UP'}]}""");

        assertEquals(json("""
                {'status': 'DOWN', 'checks': [
                  {'name': 'Database connections health check', 'status': 'DOWN'},
                  {'name': 'Kafka broker', 'status': 'UP', 'data': {'brokers': 3}},
                  {'name': 'Kafka broker', 'status': 'DOWN', 'data': {'reason': 'no answer within 2 s'}},
                  {'name': 'SmallRye Reactive Messaging - liveness check', 'status': 'UP'}]}"""),
                new HealthDetails().filter(payload));
    }

    @Test
    void aPayloadWithoutChecksIsLeftAsItIs() {
        JsonObject payload = json("{'status': 'UP'}");
        assertEquals(payload, new HealthDetails().filter(payload));
    }
}
