public enum Fingerprint {}
