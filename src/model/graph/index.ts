/** The certificate graph and its parts; rules reach it through `model.certificateGraph()`. */
export type { CallSite, CallSiteKind, ServiceRef } from "./call-sites";
export { dialledName } from "./call-sites";
export type { ControllerInstance } from "./controllers";
export type { VolumeUse } from "./mounts";
export type { BackingKey, ResolvedFile } from "../files";
export type { RbacWriter } from "./rbac";
export type { CertFileUse, ServerFacts } from "./servers";
export type { CaWriter, InjectorAnnotation, LiteralServingCertificate, ServingCertificate } from "./certificate-graph";
export { CertificateGraph, splitRef } from "./certificate-graph";
export type { KeyWriter, SourceKind } from "../sources/writers";
export { isCertificate, servingSecretAnnotation } from "../sources/writers";
export { annotationPath, annotationsOf, describeObject, labelsOf } from "./meta";
