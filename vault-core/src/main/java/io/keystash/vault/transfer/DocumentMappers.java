package io.keystash.vault.transfer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;

/**
 * The Jackson set-up for export documents, strict on purpose: documents are read as a tree (no
 * data binding, so no polymorphic typing and no class is ever chosen by the input), duplicate
 * fields and trailing content are errors, and nesting, string and number sizes are capped, as
 * are the number of tokens and YAML aliases (no "billion laughs", and no tree far larger than
 * its file: see {@link #requireBounded}).
 */
final class DocumentMappers {
    /** Our documents nest five levels deep; anything far deeper is not one of them. */
    static final int MAX_DEPTH = 32;
    /**
     * Most tokens (names, values, brackets) a document may hold. A 16 MiB export of real keys holds
     * well under a million; a tree of small nodes costs tens of bytes per token, so a file of
     * millions of {@code 0,} would take hundreds of MB to hold as a tree.
     */
    static final long MAX_TOKENS = 2_000_000;

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxNumberLength(32)
            .maxStringLength(ImportFile.MAX_BYTES)
            .maxDocumentLength(ImportFile.MAX_BYTES)
            .build();

    static final ObjectMapper JSON = configure(new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(LIMITS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()));

    static final ObjectMapper YAML = configure(new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(yamlLoaderOptions())
            .streamReadConstraints(LIMITS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build()));

    private DocumentMappers() {
    }

    /**
     * Streams through {@code content} once, holding nothing, before any tree is built: refuses a
     * document of more than {@link #MAX_TOKENS} tokens, and any YAML alias (our exports have none;
     * millions of aliases of one anchored 1 MB scalar are a few MB of text but hundreds of MB of
     * parser events and nodes). A syntax error is left for the tree's parse, which reports it.
     */
    static void requireBounded(ObjectMapper mapper, byte[] content) throws VaultException {
        long tokens = 0;
        try (JsonParser parser = mapper.getFactory().createParser(content)) {
            while (parser.nextToken() != null) {
                if (++tokens > MAX_TOKENS) {
                    throw new VaultException(Failure.INVALID_INPUT, "not a Keystash export: more than " + MAX_TOKENS
                            + " items (names, values, brackets)");
                }
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    throw new VaultException(Failure.INVALID_INPUT, "not a Keystash export: it uses YAML aliases (*name), "
                            + "which an export never holds" + (parser.currentLocation().getLineNr() > 0
                            ? " (line " + parser.currentLocation().getLineNr() + ")" : ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not well formed: the tree's parse says where
        }
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static LoaderOptions yamlLoaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(ImportFile.MAX_BYTES);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setAllowDuplicateKeys(false);
        return options;
    }
}
