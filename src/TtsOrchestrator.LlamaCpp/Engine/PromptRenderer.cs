using System.Runtime.InteropServices;
using System.Text;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.LlamaCpp.Native;

namespace TtsOrchestrator.LlamaCpp.Engine;

/// <summary>
/// Turns a <see cref="Prompt"/> into the text the model sees: chat messages through the GGUF's chat
/// template (llama_chat_apply_template, which knows the common template families), raw text as is.
/// A model without a template, or with one llama.cpp does not recognise, gets the messages as plain
/// paragraphs. The unfinished assistant turn is appended verbatim, so the model continues it.
/// </summary>
internal static unsafe class PromptRenderer
{
    public static string Render(LlamaModel model, Prompt prompt)
    {
        if (!prompt.IsChat) return prompt.RawText + prompt.AssistantPrefix;
        var rendered = model.ChatTemplate is { } template ? ApplyTemplate(template, prompt.Messages) : null;
        rendered ??= string.Join("\n\n", prompt.Messages.Select(m => m.Content)) + "\n\n";
        return rendered + prompt.AssistantPrefix;
    }

    private static string? ApplyTemplate(string template, IReadOnlyList<PromptMessage> messages)
    {
        var pinned = new List<GCHandle>();
        try
        {
            byte* Pin(string s)
            {
                var h = GCHandle.Alloc(NativeLibraryLoader.NullTerminated(s), GCHandleType.Pinned);
                pinned.Add(h);
                return (byte*)h.AddrOfPinnedObject();
            }
            var chat = new LlamaChatMessage[messages.Count];
            for (var i = 0; i < messages.Count; i++)
                chat[i] = new LlamaChatMessage { role = (IntPtr)Pin(messages[i].Role.ToString().ToLowerInvariant()), content = (IntPtr)Pin(messages[i].Content) };
            var tmpl = (IntPtr)Pin(template);
            var size = Math.Max(256, 2 * (template.Length + messages.Sum(m => m.Content.Length)));
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var buffer = new byte[size];
                int n;
                fixed (LlamaChatMessage* c = chat)
                fixed (byte* b = buffer)
                    n = NativeApi.llama_chat_apply_template(tmpl, c, (nuint)chat.Length, addAssistant: true, b, buffer.Length);
                if (n < 0) return null; // template not recognised by llama.cpp
                if (n <= buffer.Length) return Encoding.UTF8.GetString(buffer, 0, n);
                size = n;
            }
            return null;
        }
        finally
        {
            foreach (var h in pinned) h.Free();
        }
    }
}
