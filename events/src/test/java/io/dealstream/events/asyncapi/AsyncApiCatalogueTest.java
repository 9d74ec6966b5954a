package io.dealstream.events.asyncapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document ({@code META-INF/resources/asyncapi.yaml}) against the events module: it agrees with it, and a
 * copy changed as a change of the code would leave it (a field, an event type, an enum value, a topic, a header, a
 * limit, a required field) is caught, naming what.
 */
class AsyncApiCatalogueTest {

    static final String TRANCHE = "/components/schemas/TrancheSnapshot";

    @Test
    void theDocumentDescribesEveryTopicEventTypeFieldAndHeaderOfTheEventsModule() {
        assertEquals(List.of(), CatalogueCheck.mismatches(AsyncApiDocument.load()));
    }

    @Test
    void aFieldTheDocumentLacksIsNamed() {
        ObjectNode document = AsyncApiDocument.load();
        properties(document, TRANCHE).remove("security");

        assertEquals(List.of("TrancheSnapshot.security is in the events module but missing from the document"),
                CatalogueCheck.mismatches(document));
    }

    @Test
    void aFieldTheEventsModuleLacksIsNamed() {
        ObjectNode document = AsyncApiDocument.load();
        properties(document, TRANCHE).putObject("roundName").put("type", "string");

        assertEquals(List.of("TrancheSnapshot.roundName is in the document but no field of the events module's "
                + "TrancheSnapshot", "TrancheSnapshot.roundName is missing from example 'amazon-t1' of TrancheCommitted "
                + "(the services write every field, null when empty)"), CatalogueCheck.mismatches(document).subList(0, 2));
    }

    @Test
    void aRenamedEventTypeIsNamedOnBothSides() {
        ObjectNode document = AsyncApiDocument.load();
        ((ObjectNode) document.at("/components/messages/TrancheObligated/headers/allOf/1/properties/ce_type"))
                .put("const", "investment.tranche.obliged.v1");

        assertEquals(List.of(
                "event type investment.tranche.obligated.v1 (TrancheEventType.OBLIGATED, TrancheObligated) has no "
                        + "message in the document",
                "message TrancheObligated on channel 'trancheEvents' has ce_type 'investment.tranche.obliged.v1', "
                        + "which is no event type of the events module"),
                CatalogueCheck.mismatches(document));
    }

    @Test
    void anEnumValueTheDocumentLacksIsNamed() {
        ObjectNode document = AsyncApiDocument.load();
        ArrayNode states = (ArrayNode) document.at("/components/schemas/TrancheState/enum");
        states.remove(states.size() - 1);

        assertEquals(List.of("enum TrancheState: EXPIRED is in the events module but missing from the document"),
                CatalogueCheck.mismatches(document));
    }

    @Test
    void aRenamedTopicIsNamed() {
        ObjectNode document = AsyncApiDocument.load();
        ((ObjectNode) document.at("/channels/capacityEvents")).put("address", "compute.capacity-events.v2");

        assertEquals(List.of(
                "channel 'capacityEvents' has address 'compute.capacity-events.v2', which is no topic of Topics",
                "topic compute.capacity-events (Topics.CAPACITY_EVENTS) has no channel in the document",
                "event type compute.capacity.released.v1 goes to compute.capacity-events, but the document has its "
                        + "message CapacityReleased on channel 'capacityEvents' (compute.capacity-events.v2)",
                "event type compute.capacity.lapsed.v1 goes to compute.capacity-events, but the document has its "
                        + "message CapacityLapsed on channel 'capacityEvents' (compute.capacity-events.v2)"),
                CatalogueCheck.mismatches(document));
    }

    @Test
    void aMissingHeaderIsNamedForEveryMessage() {
        ObjectNode document = AsyncApiDocument.load();
        properties(document, "/components/schemas/CloudEventHeaders").remove("ce_time");

        assertEquals(Stream.of("CapacityReleased", "CapacityLapsed", "RightActivated", "RightLapsed", "RoundOpened",
                "TrancheCommitted", "TrancheObligated", "TrancheFunded", "TrancheExpired")
                .map(m -> "message " + m + ": header 'ce_time' (CloudEvent.H_TIME) is missing from the document")
                .toList(), CatalogueCheck.mismatches(document));
    }

    @Test
    void aLimitTheCodeDoesNotKeepIsNamed() {
        ObjectNode document = AsyncApiDocument.load();
        ((ObjectNode) properties(document, TRANCHE).get("investor")).put("maxLength", 200);

        assertEquals(List.of("TrancheSnapshot.investor: maxLength 200 in the document, but 201 characters are read"),
                CatalogueCheck.mismatches(document));
    }

    @Test
    void aRequiredFieldTheDocumentCallsOptionalIsNamed() {
        ObjectNode document = AsyncApiDocument.load();
        ArrayNode required = (ArrayNode) document.at(TRANCHE + "/required");
        for (int i = 0; i < required.size(); i++) {
            if (required.get(i).asText().equals("amount")) {
                required.remove(i);
            }
        }

        assertEquals(List.of("TrancheSnapshot.amount is optional in the document, but a body without it is refused: "
                        + "body is not a valid TrancheSnapshot: missing field 'amount'",
                "TrancheSnapshot.amount may be null, but the document's type does not allow it"),
                CatalogueCheck.mismatches(document));
    }

    private static ObjectNode properties(JsonNode document, String schema) {
        return (ObjectNode) document.at(schema + "/properties");
    }
}
