using TtsOrchestrator.Core;

namespace TtsOrchestrator.LlamaCpp.Engine;

/// <summary>
/// A llama.cpp failure with a message that names the file or the sizes involved and, where llama.cpp
/// logged one, its own reason. Model load and context errors are user errors (exit code 1).
/// </summary>
public sealed class LlamaException(string message, Exception? inner = null) : UserInputException(message, 1, inner);
