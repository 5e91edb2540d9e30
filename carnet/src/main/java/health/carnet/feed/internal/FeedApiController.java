package health.carnet.feed.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.feed.CareHistory;
import health.carnet.feed.ClaimKind;
import health.carnet.feed.ImportReport;
import health.carnet.shared.Actor;
import health.carnet.security.BearerTokens;
import health.carnet.shared.ActorKind;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The insurer's side of the API (FEED-1): {@code POST /api/feed/import} takes a file in one of the
 * feed layouts as the request body (streamed, like {@code $import} of NDJSON) and answers the
 * import's report; only a system client acting as INSURER may call it, and it reads nothing
 * (ACC-1). And the patient's setting (FEED-4): {@code GET/PUT /api/dossiers/{id}/care-history/settings}.
 */
@RestController
class FeedApiController {

    private final Importer importer;
    private final CareHistory history;
    private final Gate gate;

    FeedApiController(Importer importer, CareHistory history, Gate gate) {
        this.importer = importer;
        this.history = history;
        this.gate = gate;
    }

    @PostMapping("/api/feed/import")
    ResponseEntity<ImportReport> upload(Authentication auth, HttpServletRequest request,
                                        @RequestParam(name = "name", required = false) String name) throws IOException {
        Actor actor = BearerTokens.actor(auth).orElseThrow(() -> new Problem(Problem.Kind.UNAUTHENTICATED, "A bearer token is required."));
        if (actor.kind() != ActorKind.SYSTEM || actor.role() != ActorRole.INSURER) {
            throw Problem.forbidden("Only the insurer's system client pushes care history (FEED-1).");
        }
        String file = name == null || name.isBlank() ? "upload" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        ImportReport report = importer.importStream(request.getInputStream(), file, null);
        if (!report.accepted()) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, report.refused());
        }
        // the answer stands for the whole: the REMB documents of the touched dossiers are filed too
        importer.awaitDocuments();
        return ResponseEntity.ok(report);
    }

    record Settings(List<String> hiddenKinds) {
    }

    @GetMapping("/api/dossiers/{id}/care-history/settings")
    Map<String, Object> settings(Authentication auth, @PathVariable UUID id) {
        Actor actor = patient(auth);
        var permit = gate.authorize(new AccessRequest(actor, Action.READ_CONSENTS, id), "care history settings");
        return view(history.hiddenKinds(permit));
    }

    @PutMapping("/api/dossiers/{id}/care-history/settings")
    Map<String, Object> change(Authentication auth, @PathVariable UUID id, @RequestBody Settings body) {
        Actor actor = patient(auth);
        Set<ClaimKind> kinds = EnumSet.noneOf(ClaimKind.class);
        for (String k : body.hiddenKinds() == null ? List.<String>of() : body.hiddenKinds()) {
            ClaimKind kind = ClaimKind.parse(k);
            if (kind == null) {
                throw Problem.invalid("Unknown kind of care '" + k + "': one of " + List.of(ClaimKind.values()) + ".");
            }
            kinds.add(kind);
        }
        var permit = gate.authorize(new AccessRequest(actor, Action.MANAGE_CONSENTS, id), "care history: hide " + kinds);
        return view(history.hide(permit, actor, kinds));
    }

    private static Actor patient(Authentication auth) {
        Actor actor = BearerTokens.actor(auth).orElseThrow(() -> new Problem(Problem.Kind.UNAUTHENTICATED, "A bearer token is required."));
        if (!actor.isPatient()) {
            throw Problem.forbidden("Only the patient chooses what professionals see of the care history (FEED-4).");
        }
        return actor;
    }

    private static Map<String, Object> view(Set<ClaimKind> hidden) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hiddenKinds", hidden.stream().map(Enum::name).toList());
        out.put("kinds", java.util.Arrays.stream(ClaimKind.values()).map(k -> Map.of("code", k.name(), "label", k.french(),
                "labelEn", k.english(), "hiddenFromProfessionals", hidden.contains(k))).toList());
        return out;
    }
}
