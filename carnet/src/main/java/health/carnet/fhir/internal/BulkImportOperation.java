package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.feed.BulkImports;
import health.carnet.feed.ImportReport;
import health.carnet.shared.Actor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * FHIR Bulk Data {@code $import} for the insurer (issue #13, FEED-1), asynchronous as in the Bulk
 * Data pattern: {@code POST /fhir/$import} with a Parameters manifest (inputFormat, input{type,url})
 * answers {@code 202 Accepted} with {@code Content-Location} of
 * {@code $import-poll-status?_jobId=<id>}; polling answers 202 with {@code X-Progress} while it runs
 * and 200 with the outcome when done (per input: counts; rejected lines as an OperationOutcome);
 * {@code DELETE} on the poll location cancels. The feed module decides who may (the insurer's
 * client only) and where inputs may come from (its bulk directory, never the network).
 */
@Component
class BulkImportOperation implements PlainProvider {

    static final String POLL = "$import-poll-status";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BulkImports imports;
    private final CurrentActor current;
    private final FhirContext fhir;

    BulkImportOperation(BulkImports imports, CurrentActor current, FhirContext fhir) {
        this.imports = imports;
        this.current = current;
        this.fhir = fhir;
    }

    @Operation(name = "$import", manualResponse = true)
    public void start(@ResourceParam Parameters manifest, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Actor actor = current.actor();
        if (manifest == null) {
            throw new InvalidRequestException("The $import body must be a Parameters manifest.");
        }
        String format = null;
        List<BulkImports.Input> inputs = new ArrayList<>();
        for (ParametersParameterComponent p : manifest.getParameter()) {
            if ("inputFormat".equals(p.getName())) {
                format = text(p);
            } else if ("input".equals(p.getName())) {
                String type = null;
                String url = null;
                for (ParametersParameterComponent part : p.getPart()) {
                    if ("type".equals(part.getName())) {
                        type = text(part);
                    } else if ("url".equals(part.getName())) {
                        url = text(part);
                    }
                }
                inputs.add(new BulkImports.Input(type, url));
            }
            // inputSource, storageDetail, mode: informative here (inputs are files of the bulk directory)
        }
        UUID id = imports.start(actor, format, inputs);
        response.setStatus(202);
        response.setHeader("Content-Location", base(request) + "/" + POLL + "?_jobId=" + id);
        write(response, outcome(OperationOutcome.IssueSeverity.INFORMATION, OperationOutcome.IssueType.INFORMATIONAL,
                health.carnet.platform.ErrorLanguage.translate("Import accepted (" + inputs.size()
                        + " input(s)): poll the Content-Location for its progress and outcome.", request.getHeader("Accept-Language"))));
    }

    @Operation(name = POLL, manualResponse = true, idempotent = true, deleteEnabled = true)
    public void poll(@OperationParam(name = "_jobId", typeName = "string", min = 1, max = 1) IPrimitiveType<String> jobId,
                     HttpServletRequest request, HttpServletResponse response) throws IOException {
        Actor actor = current.actor();
        UUID id = jobId(jobId);
        if ("DELETE".equals(request.getMethod())) {
            if (!imports.cancel(actor, id)) {
                throw new ResourceNotFoundException("No import job " + id);
            }
            response.setStatus(202);
            write(response, outcome(OperationOutcome.IssueSeverity.INFORMATION, OperationOutcome.IssueType.INFORMATIONAL,
                    health.carnet.platform.ErrorLanguage.translate("Import job " + id
                            + " cancelled: what it committed stays (each claim is stored once, by its id).", request.getHeader("Accept-Language"))));
            return;
        }
        BulkImports.Job job = imports.find(actor, id).filter(j -> !j.status().equals("cancelled"))
                .orElseThrow(() -> new ResourceNotFoundException("No import job " + id));
        if (job.running()) {
            response.setStatus(202);
            response.setHeader("X-Progress", job.progress() == null ? job.status() : job.progress());
            response.setHeader("Retry-After", "2");
            return;
        }
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(outcomeJson(job, base(request)).toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The completion body in the Bulk Data manifest's shape: output per input with its counts, errors as OperationOutcome. */
    private ObjectNode outcomeJson(BulkImports.Job job, String base) {
        ObjectNode out = JSON.createObjectNode();
        out.put("transactionTime", (job.finishedAt() == null ? job.requestedAt() : job.finishedAt()).toString());
        out.put("request", base + "/$import");
        out.put("requiresAccessToken", true);
        out.put("status", job.status());
        ArrayNode output = out.putArray("output");
        ArrayNode errors = out.putArray("error");
        for (BulkImports.Result r : job.results()) {
            ImportReport rep = r.report();
            ObjectNode o = output.addObject();
            o.put("type", r.type()).put("inputUrl", r.url()).put("count", rep.stored()).put("read", rep.read()).put("stored", rep.stored())
                    .put("unchanged", rep.unchanged()).put("keptAside", rep.keptAside()).put("insured", rep.insured())
                    .put("rejected", rep.rejected()).put("alreadyImported", rep.alreadyImported());
            if (!rep.accepted() || rep.rejected() > 0) {
                OperationOutcome oo = new OperationOutcome();
                if (!rep.accepted()) {
                    issue(oo, OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueType.INVALID, "File refused: " + rep.refused(), null);
                }
                for (ImportReport.Rejection x : rep.rejections()) {
                    issue(oo, OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueType.INVALID, x.reason(), "Line " + x.line());
                }
                if (rep.rejected() > rep.rejections().size()) {
                    issue(oo, OperationOutcome.IssueSeverity.WARNING, OperationOutcome.IssueType.TOOCOSTLY,
                            (rep.rejected() - rep.rejections().size()) + " more rejected line(s) not listed", null);
                }
                ObjectNode e = errors.addObject();
                e.put("type", "OperationOutcome").put("inputUrl", r.url()).put("count", Math.max(1, rep.rejected()));
                e.set("outcome", JSON.readTree(fhir.newJsonParser().encodeResourceToString(oo)));
            }
        }
        if (job.error() != null) {
            OperationOutcome oo = new OperationOutcome();
            issue(oo, OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueType.INCOMPLETE, job.error(), null);
            ObjectNode e = errors.addObject();
            e.put("type", "OperationOutcome").put("count", 1);
            e.set("outcome", JSON.readTree(fhir.newJsonParser().encodeResourceToString(oo)));
        }
        return out;
    }

    private static void issue(OperationOutcome oo, OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType type,
                              String diagnostics, String location) {
        OperationOutcome.OperationOutcomeIssueComponent i = oo.addIssue().setSeverity(severity).setCode(type).setDiagnostics(diagnostics);
        if (location != null) {
            i.addLocation(location);
        }
    }

    private static OperationOutcome outcome(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType type, String text) {
        OperationOutcome oo = new OperationOutcome();
        issue(oo, severity, type, text, null);
        return oo;
    }

    private void write(HttpServletResponse response, OperationOutcome oo) throws IOException {
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(fhir.newJsonParser().encodeResourceToString(oo).getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ParametersParameterComponent p) {
        return p.getValue() == null ? null : p.getValue().primitiveValue();
    }

    private static UUID jobId(IPrimitiveType<String> jobId) {
        String v = jobId == null ? null : jobId.getValue();
        if (v == null || v.isBlank()) {
            throw new InvalidRequestException("_jobId is required.");
        }
        try {
            return UUID.fromString(v.trim());
        } catch (IllegalArgumentException e) {
            throw new ResourceNotFoundException("No import job " + v);
        }
    }

    private static String base(HttpServletRequest request) {
        String url = request.getRequestURL().toString();
        return url.substring(0, url.indexOf("/fhir") + "/fhir".length());
    }
}
