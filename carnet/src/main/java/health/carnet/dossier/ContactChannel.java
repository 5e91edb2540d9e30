package health.carnet.dossier;

/** How a patient chose to receive one-time codes and notifications (AUT-1, NOT-1). */
public enum ContactChannel { EMAIL, SMS }
