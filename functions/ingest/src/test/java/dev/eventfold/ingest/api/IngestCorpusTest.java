package dev.eventfold.ingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.ingest.EventsTopic;
import dev.eventfold.ingest.IngestTestResource;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.eventfold.ingest.EventsTopic.header;
import static dev.eventfold.ingest.api.IngestResourceTest.BATCH;
import static dev.eventfold.ingest.api.IngestResourceTest.STRUCTURED;
import static dev.eventfold.ingest.api.IngestResourceTest.assertProblem;
import static dev.eventfold.ingest.api.IngestResourceTest.bytes;
import static dev.eventfold.ingest.api.IngestResourceTest.pageCreatedData;
import static dev.eventfold.ingest.api.IngestResourceTest.userCreated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of malformed CloudEvents requests over real HTTP, one per kind: each is refused with a 4xx
 * {@code application/problem+json} naming the field, and nothing of it reaches the events topic on the real broker.
 * The stack is {@link IngestTestResource}, which {@link IngestResourceTest} declares for every test of the module
 * (declaring it a second time would start it twice, and override the Kafka of {@link IngestKafkaDownTest}).
 */
@QuarkusTest
class IngestCorpusTest {

    private static String orgPrefix;
    private static String apiKey;

    @IngestTestResource.TopicPrefix
    String prefix;

    EventsTopic topic;

    @BeforeEach
    void setUp() {
        RestAssured.config = RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
        if (!prefix.equals(orgPrefix)) {
            apiKey = IngestResourceTest.createOrganization("Corpus").get("apiKey");
            orgPrefix = prefix;
        }
        topic = new EventsTopic(prefix);
    }

    @AfterEach
    void tearDown() {
        if (topic != null) {
            topic.close();
        }
    }

    // ---- JSON syntax ---------------------------------------------------------------------------------------------

    @Test
    void trailingContentAfterTheEvent() {
        refusedStructured(json(valid()) + " x", 400, "");
    }

    @Test
    void twoTopLevelValues() {
        refusedStructured(json(valid()) + json(valid()), 400, "");
    }

    @Test
    void duplicateMemberNames() {
        String body = json(valid()).replaceFirst("\\{", "{\"id\":\"dup-1\",");
        refusedStructured(body, 400, "id");
    }

    @Test
    void duplicateMemberNamesInData() {
        String body = json(valid()).replace("\"data\":{", "\"data\":{\"name\":\"Eve\",");
        refusedStructured(body, 400, "data.name");
    }

    @Test
    void duplicateMemberNamesInABatchEvent() {
        String second = json(valid()).replaceFirst("\\{", "{\"source\":\"/other\",");
        Response response = refused(withKey().contentType(BATCH)
                .body(("[" + json(valid()) + "," + second + "]").getBytes(StandardCharsets.UTF_8)), 400);
        assertThat(fields(response)).contains("[1].source");
    }

    @Test
    void loneSurrogateEscape() {
        refusedStructured(json(valid()).replace("\"Ada\"", "\"Ada \\ud800\""), 400, "data.name");
    }

    @Test
    void loneLowSurrogateEscapeInAnAttribute() {
        refusedStructured(json(valid().put("subject", "PLACEHOLDER")).replace("PLACEHOLDER", "user-\\udc00"), 400, "subject");
    }

    @Test
    void noncharacter() {
        refusedStructured(json(valid()).replace("\"Ada\"", "\"Ada \\uffff\""), 400, "data.name");
    }

    @Test
    void overlongUtf8() {
        refusedStructuredBytes(withRaw(json(valid()), "Ada", new int[]{0xC0, 0xAF}), 400, "");
    }

    @Test
    void overlongUtf8Nul() {
        refusedStructuredBytes(withRaw(json(valid()), "Ada", new int[]{0xC0, 0x80}), 400, "");
    }

    @Test
    void invalidUtf8() {
        refusedStructuredBytes(withRaw(json(valid()), "Ada", new int[]{0xFF}), 400, "");
    }

    // ---- characters and limits -------------------------------------------------------------------------------

    @Test
    void nulInADataString() {
        ObjectNode event = valid();
        ((ObjectNode) event.get("data")).put("name", "Ada\u0000");
        refusedStructured(json(event), 400, "data.name");
    }

    @Test
    void nulInAnAttribute() {
        refusedStructured(json(valid().put("source", "/apps\u0000")), 400, "source");
    }

    @Test
    void controlCharacterInAnAttribute() {
        refusedStructured(json(valid().put("subject", "user\n1")), 400, "subject");
    }

    @Test
    void idOverItsLimit() {
        refusedStructured(json(valid().put("id", "i".repeat(257))), 400, "id");
    }

    @Test
    void sourceOverItsLimit() {
        refusedStructured(json(valid().put("source", "/" + "s".repeat(1024))), 400, "source");
    }

    @Test
    void subjectOverItsLimit() {
        refusedStructured(json(valid().put("subject", "s".repeat(257))), 400, "subject");
    }

    @Test
    void actoridOverItsLimit() {
        refusedStructured(json(valid().put("actorid", "a".repeat(257))), 400, "actorid");
    }

    @Test
    void typeOverItsLimit() {
        refusedStructured(json(valid().put("type", "dev.eventfold." + "t".repeat(250))), 400, "type");
    }

    @Test
    void dataStringOverItsLimit() {
        ObjectNode event = valid();
        ((ObjectNode) event.get("data")).put("name", "n".repeat(4097));
        refusedStructured(json(event), 400, "data.name");
    }

    @Test
    void yearFarBeforeTheRange() {
        refusedStructured(json(valid().put("time", "0001-01-01T00:00:00Z")), 400, "time");
    }

    @Test
    void yearFarAfterTheRange() {
        refusedStructured(json(valid().put("time", "+275760-09-13T00:00:00Z")), 400, "time");
    }

    // ---- extensions and data -----------------------------------------------------------------------------------

    @Test
    void extensionNameWithUpperCase() {
        refusedStructured(json(valid().put("myExt", "x")), 400, "myExt");
    }

    @Test
    void extensionNameWithUnderscore() {
        refusedStructured(json(valid().put("my_ext", "x")), 400, "my_ext");
    }

    @Test
    void extensionNameTooLong() {
        refusedStructured(json(valid().put("abcdefghijklmnopqrstu", "x")), 400, "abcdefghijklmnopqrstu");
    }

    @Test
    void extensionValueAnObject() {
        ObjectNode event = valid();
        event.putObject("myext").put("a", 1);
        refusedStructured(json(event), 400, "myext");
    }

    @Test
    void extensionValueNotAnInteger() {
        refusedStructured(json(valid().put("myext", 1.5)), 400, "myext");
    }

    @Test
    void dataTogetherWithDataBase64() {
        refusedStructured(json(valid().put("data_base64", "e30=")), 400, "data_base64");
    }

    // ---- binary mode headers -------------------------------------------------------------------------------------

    @Test
    void binaryHeaderPercentEncodingNul() {
        Response response = refused(binary("ce-subject", "page%00one"), 400);
        assertThat(fields(response)).containsExactly("subject");
    }

    @Test
    void binaryHeaderPercentEncodingInvalidUtf8() {
        Response response = refused(binary("ce-id", "evt%C0%A0"), 400);
        assertThat(fields(response)).containsExactly("id");
    }

    @Test
    void binaryHeaderBrokenPercentEscape() {
        Response response = refused(binary("ce-id", "evt%4"), 400);
        assertThat(fields(response)).containsExactly("id");
    }

    @Test
    void binaryExtensionHeaderNameOutsideTheRules() {
        Response response = refused(binary("ce-my_ext", "x"), 400);
        assertThat(fields(response)).containsExactly("my_ext");
    }

    @Test
    void binaryDatacontenttypeHeader() {
        Response response = refused(binary("ce-datacontenttype", "application/json"), 400);
        assertThat(fields(response)).containsExactly("datacontenttype");
    }

    @Test
    void binaryAttributeInTwoHeaders() {
        Response response = refused(binary("ce-subject", "page-1").header("ce-source", "/other"), 400);
        assertThat(fields(response)).containsExactly("source");
    }

    @Test
    void binaryBodyWithTrailingContent() {
        Response response = refused(binary("ce-subject", "page-1")
                .body((json(pageCreatedData("Grace", "g@example.com")) + "{}").getBytes(StandardCharsets.UTF_8)), 400);
        assertThat(fields(response)).containsExactly("data");
    }

    @Test
    void rawNonAsciiHeaderBytes() throws IOException {
        var mark = topic.mark();
        byte[] head = ("POST /events HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + apiKey + "\r\n"
                + "Content-Type: application/json\r\nce-specversion: 1.0\r\nce-id: " + UUID.randomUUID() + "\r\n"
                + "ce-source: /crm\r\nce-type: " + EventType.PAGE_CREATED.type() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] subject = concat("ce-subject: caf".getBytes(StandardCharsets.US_ASCII), new byte[]{(byte) 0xE9},
                "\r\n".getBytes(StandardCharsets.US_ASCII));
        RawAnswer answer = rawPost(concat(head, subject), bytes(pageCreatedData("Grace", "g@example.com")));

        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().getList("errors.field", String.class)).containsExactly("subject");
        assertNothingPublished(mark);
    }

    /**
     * A control byte in a header is refused by the HTTP decoder (Netty, in Vert.x) before any Quarkus route or
     * JAX-RS filter runs, with a bare 400 and the connection closed: Quarkus offers no hook for Vert.x's
     * invalid-request handler, so this one refusal has no problem body. It is refused all the same.
     */
    @Test
    void controlByteInAHeaderIsRefusedByTheHttpDecoder() throws IOException {
        var mark = topic.mark();
        byte[] head = ("POST /events HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + apiKey + "\r\n"
                + "Content-Type: application/json\r\nce-specversion: 1.0\r\nce-id: " + UUID.randomUUID() + "\r\n"
                + "ce-source: /crm\r\nce-type: " + EventType.PAGE_CREATED.type() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] subject = concat("ce-subject: page".getBytes(StandardCharsets.US_ASCII), new byte[]{0x01},
                "one\r\n".getBytes(StandardCharsets.US_ASCII));
        RawAnswer answer = rawPost(concat(head, subject), bytes(pageCreatedData("Grace", "g@example.com")));

        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertNothingPublished(mark);
    }

    // ---- HTTP-level refusals -------------------------------------------------------------------------------------

    @Test
    void bodyOverTheHttpLayersLimitIsAProblemToo() {
        var mark = topic.mark();
        byte[] body = new byte[2 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        Response response = withKey().contentType(STRUCTURED).body(body).post("/events");
        assertProblem(response, 413);
        assertNothingPublished(mark);
    }

    @Test
    void notAcceptableIsAProblem() {
        var mark = topic.mark();
        Response response = withKey().contentType(STRUCTURED).accept("text/plain").body(bytes(valid())).post("/events");
        assertProblem(response, 406);
        assertNothingPublished(mark);
    }

    @Test
    void wrongMethodIsAProblem() {
        assertProblem(withKey().get("/events"), 405);
    }

    @Test
    void unsupportedMediaTypeNamesTheContentType() {
        var mark = topic.mark();
        Response response = refused(withKey().contentType("text/plain").body(bytes(valid())), 415);
        assertThat(fields(response)).containsExactly("Content-Type");
        assertNothingPublished(mark);
    }

    @Test
    void theValidEventOfThisCorpusIsAccepted() {
        var mark = topic.mark();
        ObjectNode event = valid().put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .put("myext", 5).put("sampled", true);
        Response response = withKey().contentType(STRUCTURED).body(bytes(event)).post("/events");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
        assertThat(published(mark)).hasSize(1);
    }

    @Test
    void aPercentEncodedBinaryEventIsAcceptedDecoded() {
        var mark = topic.mark();
        Response response = binary("ce-subject", "page%20Z%C3%BCrich%20%F0%9F%98%80").post("/events");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
        List<ConsumerRecord<String, byte[]>> records = published(mark);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(header(record, "ce_subject")).isEqualTo("page Zürich \uD83D\uDE00");
        assertThat(record.key()).isEqualTo(KafkaBinding.key(header(record, "ce_orgid"), "page Zürich \uD83D\uDE00"));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static ObjectNode valid() {
        return userCreated("user-" + UUID.randomUUID(), "ada@example.com");
    }

    static String json(Object node) {
        return new String(bytes((com.fasterxml.jackson.databind.JsonNode) node), StandardCharsets.UTF_8);
    }

    RequestSpecification withKey() {
        return given().header("X-Api-Key", apiKey);
    }

    /**
     * A binary-mode page.created with every required header except {@code name}, which carries {@code value}
     * (an attribute header of its own, or an extra one).
     */
    RequestSpecification binary(String name, String value) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(Map.of("ce-specversion", "1.0",
                "ce-id", UUID.randomUUID().toString(), "ce-source", "/crm", "ce-type", EventType.PAGE_CREATED.type(),
                "ce-subject", "page-" + UUID.randomUUID()));
        headers.put(name, value);
        return withKey().headers(headers).contentType("application/json")
                .body(bytes(pageCreatedData("Grace", "g@example.com")));
    }

    void refusedStructured(String body, int status, String field) {
        refusedStructuredBytes(body.getBytes(StandardCharsets.UTF_8), status, field);
    }

    void refusedStructuredBytes(byte[] body, int status, String field) {
        Response response = refused(withKey().contentType(STRUCTURED).body(body), status);
        assertThat(fields(response)).contains(field);
    }

    /** Posts, asserts the problem answer and that nothing was published. */
    Response refused(RequestSpecification request, int status) {
        var mark = topic.mark();
        Response response = request.post("/events");
        assertProblem(response, status);
        assertNothingPublished(mark);
        return response;
    }

    static List<String> fields(Response response) {
        return response.jsonPath().getList("errors.field", String.class);
    }

    List<ConsumerRecord<String, byte[]>> published(Map<TopicPartition, Long> mark) {
        return topic.since(mark).stream().filter(r -> !"/ingest/pixel".equals(header(r, "ce_source"))).toList();
    }

    void assertNothingPublished(Map<TopicPartition, Long> mark) {
        assertThat(published(mark)).as("records published by a rejected request").isEmpty();
    }

    /** The UTF-8 of {@code json} with raw bytes put right after the first {@code marker}. */
    static byte[] withRaw(String json, String marker, int[] raw) {
        int at = json.indexOf(marker) + marker.length();
        byte[] before = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = json.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] middle = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            middle[i] = (byte) raw[i];
        }
        return concat(before, middle, after);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    record RawAnswer(int status, String contentType, String text) {
        JsonPath json() {
            return new JsonPath(text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }

    /** A POST written byte by byte over a socket, for header bytes that no HTTP client sends. */
    static RawAnswer rawPost(byte[] headerLines, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(headerLines);
            out.write(("Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            String contentType = text.lines().takeWhile(l -> !l.isEmpty())
                    .filter(l -> l.toLowerCase().startsWith("content-type:"))
                    .map(l -> l.substring("content-type:".length()).trim()).findFirst().orElse("");
            return new RawAnswer(status, contentType, text);
        }
    }
}
