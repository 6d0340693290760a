namespace TtsOrchestrator.Core.Generation;

/// <summary>Who speaks a message of a chat prompt.</summary>
public enum PromptRole { System, User, Assistant }

/// <summary>One message of a chat prompt.</summary>
public sealed record PromptMessage(PromptRole Role, string Content)
{
    public static PromptMessage System(string content) => new(PromptRole.System, content);
    public static PromptMessage User(string content) => new(PromptRole.User, content);
    public static PromptMessage Assistant(string content) => new(PromptRole.Assistant, content);
}

/// <summary>
/// What the model continues: either chat messages (rendered by the engine with the model's chat
/// template) or raw text. <see cref="AssistantPrefix"/> is an unfinished assistant turn that the model
/// continues token for token; tree search extends it step by step, and an engine that still holds the
/// shorter prefix in its KV cache decodes only the new part.
/// </summary>
public sealed record Prompt
{
    /// <summary>Chat messages; empty when <see cref="RawText"/> is used.</summary>
    public IReadOnlyList<PromptMessage> Messages { get; init; } = [];

    /// <summary>Raw text fed to the model as is (no chat template); null for chat prompts.</summary>
    public string? RawText { get; init; }

    /// <summary>Start of the assistant's answer that the model must continue (not re-open).</summary>
    public string AssistantPrefix { get; init; } = "";

    public bool IsChat => RawText is null;

    public static Prompt Chat(params PromptMessage[] messages)
    {
        if (messages.Length == 0) throw new ArgumentException("A chat prompt needs at least one message.", nameof(messages));
        return new Prompt { Messages = messages };
    }

    public static Prompt FromQuestion(string question, string? systemPrompt = null) =>
        systemPrompt is null
            ? Chat(PromptMessage.User(question))
            : Chat(PromptMessage.System(systemPrompt), PromptMessage.User(question));

    public static Prompt Raw(string text) => new() { RawText = text };

    /// <summary>The same prompt with <paramref name="text"/> appended to the assistant's partial answer.</summary>
    public Prompt Continue(string text) => this with { AssistantPrefix = AssistantPrefix + text };

    public override string ToString() => IsChat
        ? string.Join("\n", Messages.Select(m => $"[{m.Role.ToString().ToLowerInvariant()}] {m.Content}"))
          + (AssistantPrefix.Length > 0 ? $"\n[assistant…] {AssistantPrefix}" : "")
        : RawText + AssistantPrefix;
}
