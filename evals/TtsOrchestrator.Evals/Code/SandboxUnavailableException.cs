using TtsOrchestrator.Core;

namespace TtsOrchestrator.Evals.Code;

/// <summary>
/// The sandbox cannot isolate code on this machine (a tool or kernel feature is missing). Generated code
/// is then not run at all; the message names what is missing and how to get it.
/// </summary>
public sealed class SandboxUnavailableException(string message, Exception? inner = null) : UserInputException(message, inner: inner);
