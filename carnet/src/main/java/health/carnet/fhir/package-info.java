/**
 * The FHIR R4 API at {@code /fhir} (API-1), built on HAPI FHIR's plain server: providers that adapt
 * the other modules' APIs to FHIR resources and IHE profiles, OperationOutcome for every error,
 * and a CapabilityStatement generated from the providers actually registered. Owns no table.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "security", "access", "audit", "directory", "document", "dossier"})
package health.carnet.fhir;
