package health.carnet.bench;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.access.AccessFacts;
import health.carnet.access.AccessMatrix;
import health.carnet.access.AccessPolicy;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.DocumentFacts;
import health.carnet.crypto.Aead;
import health.carnet.dossier.DossierState;
import health.carnet.shared.Actor;
import health.carnet.shared.ActorKind;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Nir;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.hl7.fhir.r4.model.Bundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** JMH benchmarks of the pure code on every request: encryption, the access decision, FHIR parsing, NIR keys. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmarks {

    SecretKey key;
    byte[] tenKiB = new byte[10 * 1024];
    byte[] sealed;
    byte[] aad = "content:0d2b5a6e-6b3e-4c1e-9f0a-2e1c3b4a5d6f".getBytes();
    AccessPolicy policy = new AccessPolicy(AccessMatrix.defaults());
    AccessRequest request;
    AccessFacts facts;
    DocumentFacts document;
    Instant now = Instant.now();
    FhirContext fhir = FhirContext.forR4Cached();
    String bundle = LoadGenerator.bundleTemplate().replace("@PATIENT@", UUID.randomUUID().toString())
            .replace("@LIST@", "1").replace("@DOC@", "2");

    @Setup
    public void setUp() throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("AES");
        g.init(256);
        key = g.generateKey();
        sealed = Aead.seal(key, tenKiB, aad);
        Actor ps = new Actor(ActorKind.PROFESSIONAL, "810000000017", "Dr Claire Martin", "10", "SM54", "STRUCT-CAB-PARIS",
                ActorRole.CARE, PurposeOfUse.TREAT, "bench");
        request = new AccessRequest(ps, Action.READ_DOCUMENTS, UUID.randomUUID());
        facts = new AccessFacts(DossierState.ACTIVE, false, "owner", Set.of(), "810000000025", Set.of(),
                Set.of("810000000017", "810000000033"), Set.of("690781181"), Set.of("810000000041"), Set.of(), false, false, null);
        document = new DocumentFacts("810000000025", "10", "11488-4", Set.of(), now);
        fhir.newJsonParser().parseResource(Bundle.class, bundle);
    }

    @Benchmark
    public byte[] sealTenKiB() {
        return Aead.seal(key, tenKiB, aad);
    }

    @Benchmark
    public byte[] openTenKiB() {
        return Aead.open(key, sealed, aad);
    }

    @Benchmark
    public Object decideDossierAccess() {
        return policy.decide(request, facts, now);
    }

    @Benchmark
    public Object decideDocumentVisibility() {
        return policy.mayRead(request, facts, document, now);
    }

    @Benchmark
    public Bundle parseProvideBundle() {
        return fhir.newJsonParser().parseResource(Bundle.class, bundle);
    }

    @Benchmark
    public int nirKey() {
        return Nir.key("1850578006084");
    }
}
