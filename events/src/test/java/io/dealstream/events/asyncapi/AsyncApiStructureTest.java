package io.dealstream.events.asyncapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The document is a whole AsyncAPI 3.0.0 document: by the official JSON Schema, and by what that schema cannot say. */
class AsyncApiStructureTest {

    static OfficialSchema official;

    @BeforeAll
    static void fetchTheOfficialSchema() throws Exception {
        official = OfficialSchema.fetch();
    }

    @Test
    void theDocumentIsValidByTheOfficialAsyncApi300Schema() {
        assertEquals(List.of(), official.violations(AsyncApiDocument.load()));
    }

    @Test
    void anAsyncApi2VerbIsRefusedByTheOfficialSchema() {
        ObjectNode document = AsyncApiDocument.load();
        ((ObjectNode) document.at("/operations/sendTrancheEvents")).put("action", "publish");

        List<String> violations = official.violations(document);
        assertTrue(violations.contains("$.operations.sendTrancheEvents.action: does not have a value in the "
                + "enumeration [\"send\", \"receive\"]"), violations.toString());
    }

    @Test
    void everyReferenceResolvesAndEveryMessageIsSentOrReceived() {
        assertEquals(List.of(), DocumentStructure.faults(AsyncApiDocument.load()));
    }

    @Test
    void aReferenceToNothingIsNamed() {
        ObjectNode document = AsyncApiDocument.load();
        ((ObjectNode) document.at("/components/messages/TrancheFunded/payload"))
                .put("$ref", "#/components/schemas/TrancheSnapshotV2");

        assertEquals(List.of("$ref '#/components/schemas/TrancheSnapshotV2' at /components/messages/TrancheFunded/"
                + "payload points at nothing"), DocumentStructure.faults(document));
    }

    @Test
    void aMessageOfNoOperationIsNamed() {
        ObjectNode document = AsyncApiDocument.load();
        for (String operation : List.of("sendTrancheEvents", "computeReceivesTrancheEvents",
                "distributionReceivesTrancheEvents")) {
            ((ArrayNode) document.at("/operations/" + operation + "/messages")).remove(4);
        }

        assertEquals(List.of("message trancheExpired of channel trancheEvents is in no operation"),
                DocumentStructure.faults(document));
    }

    @Test
    void aChannelWithTwoWritersIsNamed() {
        ObjectNode document = AsyncApiDocument.load();
        ((ObjectNode) document.at("/operations/computeReceivesTrancheEvents")).put("action", "send");

        assertEquals(List.of("channel trancheEvents is written by 2 operations, not one"),
                DocumentStructure.faults(document));
    }

    @Test
    void aDocumentOfAnotherVersionIsNamed() {
        ObjectNode document = AsyncApiDocument.load();
        document.put("asyncapi", "2.6.0");

        assertEquals(List.of("asyncapi is '2.6.0', not 3.0.0"), DocumentStructure.faults(document));
    }
}
