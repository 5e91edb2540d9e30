/**
 * Documents of a dossier (SPEC §5): metadata, content and submission sets as IHE MHD exchanges them,
 * stored encrypted with the dossier's key; replacement, deletion, visibility labels; the
 * patient-entered FHIR resources (DOC-2). Every method that hands out or changes data takes the
 * gate's {@link health.carnet.shared.Permit}. Owns tables {@code document}, {@code document_content},
 * {@code document_submission_set}, {@code document_patient_resource}, {@code document_object_sweep},
 * {@code document_uid} and {@code document_locator} (the global identifiers, issue #15).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "audit", "crypto", "notification", "dossier"})
package health.carnet.document;
