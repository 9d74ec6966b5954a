package io.dealstream.fundingview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** events' AsyncAPI document describes the dead letters as funding-view writes them; a copy that does not is caught. */
class DeadLetterCatalogueTest {

    @Test
    void theDocumentDescribesEachServicesDeadLettersTheirHeadersAndReasons() {
        assertEquals(Map.of("compute-service", "compute.tranche-events.dlq",
                "distribution-service", "distribution.tranche-events.dlq"), DeadLetterCatalogue.deadLetterTopics());
        assertEquals("^(NOT_A_CLOUD_EVENT|UNKNOWN_TYPE|UNREADABLE_BODY|INCONSISTENT|UNKNOWN_ROUND|UNKNOWN_INVESTOR|"
                + "COMMITMENT_MISMATCH|ROUND_CHANGED|VERSION_GAP|IDENTITY_CHANGED|APPLY_FAILED): .+$",
                DeadLetterCatalogue.reasonPattern());
        assertEquals(List.of(), DeadLetterCatalogue.mismatches(DeadLetterCatalogue.load()));
    }

    @Test
    void aReasonTheDocumentLacksIsNamed() {
        ObjectNode document = DeadLetterCatalogue.load();
        ArrayNode reasons = (ArrayNode) document.at("/components/schemas/DeadLetterReason/enum");
        reasons.remove(reasons.size() - 1);

        assertEquals(List.of("DeadLetterReason.APPLY_FAILED is missing from the document's DeadLetterReason"),
                DeadLetterCatalogue.mismatches(document));
    }

    @Test
    void aHeaderTheDocumentLacksIsNamed() {
        ObjectNode document = DeadLetterCatalogue.load();
        ((ObjectNode) document.at("/components/schemas/DeadLetterHeaders/properties")).remove("dead-letter-offset");

        assertEquals(List.of("dead-letter header 'dead-letter-offset' (DeadLetters.ORIGINAL_OFFSET) is missing from "
                + "the document"), DeadLetterCatalogue.mismatches(document));
    }

    @Test
    void aRenamedDeadLetterTopicIsNamed() {
        ObjectNode document = DeadLetterCatalogue.load();
        ((ObjectNode) document.at("/channels/computeDeadLetters")).put("address", "compute.dlq");

        assertEquals(List.of("compute-service dead-letters to compute.tranche-events.dlq, but the document has it "
                + "writing compute.dlq"), DeadLetterCatalogue.mismatches(document));
    }

    @Test
    void aReasonHeaderNotOfTheFormKindColonWhyIsNamed() {
        ObjectNode document = DeadLetterCatalogue.load();
        ((ObjectNode) document.at("/components/messages/DeadLetter/examples/1/headers"))
                .put("dead-letter-reason", "not a CloudEvent: no ce_specversion header");

        assertEquals(List.of("example 'not-a-cloud-event' has the reason 'not a CloudEvent: no ce_specversion header', "
                + "which is not KIND: why"), DeadLetterCatalogue.mismatches(document));
    }
}
