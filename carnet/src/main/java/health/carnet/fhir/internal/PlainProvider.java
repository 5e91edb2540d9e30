package health.carnet.fhir.internal;

/** A HAPI plain (system-level) provider, registered with the server beside the resource providers. */
interface PlainProvider {
}
