package health.carnet.dossier;

public enum DossierState { ACTIVE, CLOSED, DESTROYED }
