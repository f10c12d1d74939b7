package dev.eventfold.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.CharArrayReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one JSON configuration of the contract: ISO-8601 times, unknown payload fields ignored; and the strict
 * reading of event JSON ({@link #readStrict}).
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    /** One JSON value and nothing after it, no member name twice in an object. */
    private static final ObjectReader STRICT = MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /**
     * Reads event JSON strictly: the bytes must be well-formed UTF-8 (RFC 3629: no overlong forms, no encoded
     * surrogates, nothing above U+10FFFF; Jackson alone lets overlong forms through, so they are decoded here
     * first), hold exactly one JSON value (no trailing content, no second value) and name no member twice.
     * Escaped lone surrogates ({@code "\ud800"}) parse, and are refused by {@link EventCodec#validate}.
     *
     * @throws ValidationException saying what is wrong, with the path where the parser stopped as its field
     *                             ({@code ""} for the document itself, e.g. for trailing content or bad UTF-8)
     */
    public static JsonNode readStrict(byte[] json) {
        CharBuffer chars = decodeUtf8(json);
        try {
            JsonNode node = STRICT.readTree(new CharArrayReader(chars.array(), chars.arrayOffset() + chars.position(),
                    chars.remaining()));
            if (node == null || node.isMissingNode()) {
                throw new ValidationException("", "is empty, expected one JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            String field = e.getProcessor() instanceof JsonParser parser ? path(parser.getParsingContext()) : "";
            throw new ValidationException(field, "is not valid JSON: " + Text.printable(e.getOriginalMessage(), 240));
        } catch (IOException e) {
            throw new ValidationException("", "is not valid JSON: " + Text.printable(String.valueOf(e.getMessage()), 240));
        }
    }

    /** Where the parser stopped, as a field path ({@code data.name}, {@code [1].id}); empty at the top level. */
    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + Text.printable(c.getCurrentName()));
            } else if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /** Strict UTF-8 (malformed or unmappable input is an error, never replaced). */
    static CharBuffer decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(in);
        } catch (MalformedInputException e) {
            throw new ValidationException("", "is not valid UTF-8: malformed byte sequence at byte " + in.position());
        } catch (CharacterCodingException e) {
            throw new ValidationException("", "is not valid UTF-8");
        }
    }
}
