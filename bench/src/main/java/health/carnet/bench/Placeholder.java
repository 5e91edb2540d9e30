package health.carnet.bench;
final class Placeholder {}
